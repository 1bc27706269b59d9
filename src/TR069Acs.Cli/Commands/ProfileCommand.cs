using System.CommandLine;
using TR069Acs.Provisioning.Crypto;

namespace TR069Acs.Cli.Commands;

/// <summary><c>acs profile encrypt|decrypt|gzip</c>: prepares profile files as the phones read them (issue 3 §4), in
/// the formats of <c>openssl enc -aes-256-cbc -md md5|sha256 -k KEY</c> and <c>gzip</c>, so either tool reads what
/// the other wrote.</summary>
internal static class ProfileCommand
{
    public static Command Create() => new("profile", "Encrypt, decrypt or gzip flat profiles as the phones read them.")
    {
        Crypt("encrypt", "AES-256-CBC encrypt a file in the openssl enc format (Salted__).", encrypt: true),
        Crypt("decrypt", "Decrypt a file in the openssl enc format.", encrypt: false),
        Gzip(),
    };

    private static Command Crypt(string name, string description, bool encrypt)
    {
        var key = new Option<string>("--key") { Description = "The password (openssl enc -k).", Required = true };
        var md = new Option<string>("--md")
        {
            Description = "Digest deriving key and IV: md5 (what the phones use) or sha256 (OpenSSL 1.1+ default).",
            DefaultValueFactory = _ => "md5",
        };
        md.AcceptOnlyFromAmong("md5", "sha256");
        var input = InputOption();
        var output = OutputOption();
        var command = new Command(name, description) { key, md, input, output };
        command.SetAction(async (result, cancellationToken) =>
        {
            var digest = result.GetValue(md) == "sha256" ? OpensslDigest.Sha256 : OpensslDigest.Md5;
            return await TransformAsync(result.GetValue(input)!, result.GetValue(output)!, data => encrypt
                ? OpensslEnc.Encrypt(data, result.GetValue(key)!, digest)
                : OpensslEnc.Decrypt(data, result.GetValue(key)!, digest), cancellationToken);
        });
        return command;
    }

    private static Command Gzip()
    {
        var decompress = new Option<bool>("--decompress", "-d") { Description = "Decompress instead (gzip -d)." };
        var input = InputOption();
        var output = OutputOption();
        var command = new Command("gzip", "Compress a file in the gzip format (RFC 1952), or decompress one.") { decompress, input, output };
        command.SetAction(async (result, cancellationToken) =>
            await TransformAsync(result.GetValue(input)!, result.GetValue(output)!,
                data => result.GetValue(decompress) ? GzipCodec.Decompress(data) : GzipCodec.Compress(data), cancellationToken));
        return command;
    }

    private static Option<FileInfo> InputOption() => new Option<FileInfo>("--in") { Description = "The file to read.", Required = true }.AcceptExistingOnly();

    private static Option<FileInfo> OutputOption() => new("--out") { Description = "The file to write.", Required = true };

    /// <summary>Reads, transforms, writes; a file the codec refuses (wrong key, not gzip …) is named with the reason.</summary>
    private static async Task<int> TransformAsync(FileInfo input, FileInfo output, Func<byte[], byte[]> transform, CancellationToken cancellationToken)
    {
        byte[] result;
        try
        {
            result = transform(await File.ReadAllBytesAsync(input.FullName, cancellationToken));
        }
        catch (Exception e) when (e is ProfileCodecException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{input.Name}: {e.Message}");
            return 1;
        }
        await File.WriteAllBytesAsync(output.FullName, result, cancellationToken);
        return 0;
    }
}
