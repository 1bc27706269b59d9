using System.Security.Cryptography;
using System.Text;

namespace TR069Acs.Provisioning.Firmware;

/// <summary>
/// Our firmware image format (issue 3 §7): a header naming the models and version, the payload's length and
/// SHA-256, and an optional ECDSA P-256 signature over the header; then the payload.
/// <code>
///  off  size  field (big-endian)
///    0     8  magic 89 'T' 'A' 'F' 'W' 0D 0A 1A   (high bit and CR LF SUB catch text-mode mangling, as PNG does)
///    8     2  format version = 1
///   10     2  flags: bit 0 = signed
///   12     4  header length = payload offset
///   16     8  payload length
///   24    32  SHA-256 of the payload
///   56     8  created, Unix seconds
///   64     1  model count (1-32), then per model: 1 length (1-64) + ASCII name
///    …     1  version length (1-128), then ASCII version
///    …        if signed: 1 algorithm (1 = ECDSA P-256/SHA-256, signature r‖s IEEE P1363, 64 bytes;
///             2 = RSA 2048-4096/SHA-256 PKCS#1 v1.5, as long as the modulus), 8 key id (first 8 bytes of the
///             SHA-256 of the signer's SubjectPublicKeyInfo), 2 signature length, signature over every header
///             byte before the signature length field (which covers the payload through its SHA-256)
/// </code>
/// Reading checks, in order: magic, format, header bounds, signature, model, then the payload hash while streaming;
/// each failure is a distinct <see cref="FirmwareErrorKind"/>.
/// </summary>
public sealed partial class FirmwareImage
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int FormatVersion = 1;

    private FirmwareImage(FirmwareHeader header, SignatureStatus signature, byte[]? payload)
    {
        Header = header;
        Signature = signature;
        Payload = payload;
    }

    /// <summary>The verified header.</summary>
    public FirmwareHeader Header { get; }

    /// <summary>The outcome of signature checking.</summary>
    public SignatureStatus Signature { get; }

    /// <summary>The payload when <see cref="FirmwareReadOptions.KeepPayload"/> was set; otherwise null.</summary>
    public byte[]? Payload { get; }

    /// <summary>The firmware version the image installs.</summary>
    public string Version => Header.Version;

    /// <summary>Builds an image.</summary>
    /// <param name="models">Models the image installs on (product names such as <c>CP-8841-3PCC</c>).</param>
    /// <param name="version">The version the phone reports afterwards; must be a <see cref="FirmwareVersion"/>.</param>
    /// <param name="payload">The firmware body (opaque to the emulator).</param>
    /// <param name="signer">Signs the header when given.</param>
    /// <param name="createdAt">The creation time written into the header; now when null.</param>
    public static byte[] Pack(IReadOnlyList<string> models, string version, ReadOnlySpan<byte> payload, FirmwareSigner? signer = null, DateTimeOffset? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(version);
        if (models.Count is < 1 or > MaxModels)
        {
            throw new ArgumentException($"an image lists 1 to {MaxModels} models", nameof(models));
        }

        foreach (var model in models)
        {
            if (!IsToken(model, MaxModelLength))
            {
                throw new ArgumentException($"model '{model}' must be 1-{MaxModelLength} characters of A-Z a-z 0-9 . _ -", nameof(models));
            }
        }

        if (!IsToken(version, MaxVersionLength, extra: "()") || !FirmwareVersion.TryParse(version, out _))
        {
            throw new ArgumentException($"'{version}' is not a firmware version such as 11.0.1 or sip88xx.11-0-1", nameof(version));
        }

        var header = EncodeHeader(models, version, payload.Length, SHA256.HashData(payload), createdAt ?? DateTimeOffset.UtcNow, signer);
        var image = new byte[header.Length + payload.Length];
        header.CopyTo(image, 0);
        payload.CopyTo(image.AsSpan(header.Length));
        return image;
    }

    /// <summary>Reads and verifies an image held in memory.</summary>
    /// <exception cref="FirmwareImageException">The image must not be installed; <see cref="FirmwareImageException.Kind"/> says why.</exception>
    public static FirmwareImage Read(byte[] image, FirmwareReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var stream = new MemoryStream(image, writable: false);
        return Read(stream, options);
    }

    /// <summary>Reads and verifies an image from a stream, hashing the payload as it streams.</summary>
    /// <exception cref="FirmwareImageException">The image must not be installed; <see cref="FirmwareImageException.Kind"/> says why.</exception>
    public static FirmwareImage Read(Stream stream, FirmwareReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new FirmwareReadOptions();
        var (header, signature) = ReadHeader(stream, options);
        var payload = ReadPayload(stream, header, options);
        return new FirmwareImage(header, signature, payload);
    }

    /// <summary>Reads and verifies without throwing.</summary>
    public static bool TryRead(byte[] image, FirmwareReadOptions? options, out FirmwareImage? result, out FirmwareImageException? error)
    {
        try
        {
            result = Read(image, options);
            error = null;
            return true;
        }
        catch (FirmwareImageException e)
        {
            result = null;
            error = e;
            return false;
        }
    }

    private static byte[]? ReadPayload(Stream stream, FirmwareHeader header, FirmwareReadOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var kept = options.KeepPayload ? new byte[header.PayloadLength] : null;
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (total < header.PayloadLength)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, header.PayloadLength - total));
            if (read == 0)
            {
                throw new FirmwareImageException(FirmwareErrorKind.Truncated,
                    $"the image is truncated: {total} of {header.PayloadLength} payload bytes present");
            }

            hash.AppendData(buffer, 0, read);
            if (kept is not null)
            {
                Buffer.BlockCopy(buffer, 0, kept, (int)total, read);
            }

            total += read;
        }

        if (stream.Read(buffer, 0, 1) != 0)
        {
            throw new FirmwareImageException(FirmwareErrorKind.Corrupt, "the image is corrupt: data follows the payload");
        }

        if (!CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), header.PayloadSha256))
        {
            throw new FirmwareImageException(FirmwareErrorKind.Corrupt, "the image is corrupt: the payload does not match its SHA-256");
        }

        return kept;
    }

    private static bool IsToken(string text, int maxLength, string extra = "")
    {
        if (text.Length is 0 || text.Length > maxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' || extra.Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
