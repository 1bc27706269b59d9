using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace TR069Acs.Server.Provisioning;

/// <summary>
/// Activation codes as people type them: 16 characters of Crockford's base32 (digits and upper-case letters without
/// I, L, O, U; 80 random bits), shown as <c>XXXX-XXXX-XXXX-XXXX</c>. Reading is forgiving as Crockford's alphabet
/// intends: any case, dashes and spaces ignored, O read as 0, I and L as 1. Only the SHA-256 of the normalised code is
/// stored.
/// </summary>
internal static class ActivationCode
{
    /// <summary>Characters of a code.</summary>
    public const int Length = 16;

    /// <summary>Characters shown in listings (20 of the 80 bits).</summary>
    public const int PrefixLength = 4;

    private const int MaxInputLength = 64;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A new random code, normalised (no dashes).</summary>
    public static string NewCode()
    {
        // 10 bytes = 80 bits = 16 base32 digits exactly.
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        Span<char> code = stackalloc char[Length];
        var bits = 0;
        var buffer = 0;
        var n = 0;
        foreach (var b in random)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                code[n++] = Alphabet[(buffer >> bits) & 31];
            }
        }
        CryptographicOperations.ZeroMemory(random);
        return new string(code);
    }

    /// <summary>Reads a code as typed; the error says what is wrong without echoing more than the input's length.</summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? code, [NotNullWhen(false)] out string? error)
    {
        code = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "no activation code was given";
            return false;
        }
        if (text.Length > MaxInputLength)
        {
            error = $"an activation code has {Length} characters (XXXX-XXXX-XXXX-XXXX), this one {text.Length}";
            return false;
        }
        var sb = new StringBuilder(Length);
        foreach (var raw in text)
        {
            if (raw is '-' or ' ')
            {
                continue;
            }
            var c = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                error = $"an activation code has only digits and the letters A-Z without U; '{(char.IsControl(raw) ? '?' : raw)}' is not one";
                return false;
            }
            sb.Append(c);
        }
        if (sb.Length != Length)
        {
            error = $"an activation code has {Length} characters (XXXX-XXXX-XXXX-XXXX), this one {sb.Length}";
            return false;
        }
        code = sb.ToString();
        error = null;
        return true;
    }

    /// <summary><c>XXXX-XXXX-XXXX-XXXX</c>.</summary>
    public static string Format(string code) => $"{code[..4]}-{code[4..8]}-{code[8..12]}-{code[12..]}";

    /// <summary>The stored form: SHA-256 of the normalised code, lower-case hex.</summary>
    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(code)));

    /// <summary>What listings show of a code.</summary>
    public static string Prefix(string code) => code[..PrefixLength];
}
