using System.CommandLine;
using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.Cli.Commands;

/// <summary><c>acs firmware pack</c>: builds a firmware image in our format (issue 3 §7) that the emulated phones
/// verify before installing: the models it runs on, its version, and the payload's SHA-256.</summary>
internal static class FirmwareCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model")
        {
            Description = "A model the image runs on (repeat for several), e.g. CP-8841-3PCC.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var version = new Option<string>("--version") { Description = "The SoftwareVersion the image installs, e.g. sip88xx.12-0-5MPP0001-7.", Required = true };
        var payload = new Option<FileInfo>("--payload") { Description = "The payload (default: empty)." }.AcceptExistingOnly();
        var output = new Option<FileInfo>("--out") { Description = "The image file to write.", Required = true };
        var sign = new Option<FileInfo>("--sign")
        {
            Description = "PEM private key (ECDSA P-256 or RSA 2048-4096) that signs the image header; give its public key to Acs:Firmware:TrustedKeys and the phones' --firmware-keys.",
        }.AcceptExistingOnly();
        var pack = new Command("pack", "Pack a firmware image for the emulated phones.") { models, version, payload, output, sign };
        pack.SetAction(async (result, cancellationToken) =>
        {
            var content = result.GetValue(payload) is { } file ? await File.ReadAllBytesAsync(file.FullName, cancellationToken) : [];
            byte[] image;
            FirmwareSigner? signer = null;
            try
            {
                if (result.GetValue(sign) is { } keyFile)
                {
                    signer = FirmwareSigner.FromPem(await File.ReadAllTextAsync(keyFile.FullName, cancellationToken));
                }
                image = FirmwareImage.Pack(result.GetValue(models)!, result.GetValue(version)!, content, signer);
            }
            catch (ArgumentException e)
            {
                // A model or version the header cannot hold (too long, not ASCII, too many models) is named.
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            finally
            {
                signer?.Dispose();
            }
            await File.WriteAllBytesAsync(result.GetValue(output)!.FullName, image, cancellationToken);
            return 0;
        });
        return new Command("firmware", "Firmware images for the emulated phones.") { pack };
    }
}
