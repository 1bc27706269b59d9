using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TR069Acs.Provisioning.Certificates;

/// <summary>
/// Reads and writes certificates and keys in PEM, the form OpenSSL, curl, Apache's mod_ssl and nginx use:
/// <c>-----BEGIN CERTIFICATE-----</c> blocks, and an unencrypted <c>PRIVATE KEY</c> (PKCS#8), <c>RSA PRIVATE KEY</c>
/// or <c>EC PRIVATE KEY</c> block. Every failure is a <see cref="CertificateFileException"/> naming the file.
/// </summary>
public static class PemCertificateFiles
{
    private const int MaxFileBytes = 1 << 20;

    /// <summary>The first certificate of <paramref name="certificatePath"/> with its private key, read from
    /// <paramref name="keyPath"/> or, when that is null, from the certificate file itself.</summary>
    /// <exception cref="CertificateFileException">A file is missing, holds no PEM certificate or key, or the key
    /// does not belong to the certificate.</exception>
    public static X509Certificate2 LoadWithKey(string certificatePath, string? keyPath)
    {
        using var certificate = LoadBundle(certificatePath)[0];
        var keyFile = keyPath ?? certificatePath;
        var keyText = ReadText(keyFile);
        var block = FindKey(keyText, keyFile);
        var algorithm = certificate.PublicKey.Oid.Value;
        try
        {
            switch (algorithm)
            {
                case "1.2.840.113549.1.1.1":
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportFromPem(block);
                        return certificate.CopyWithPrivateKey(rsa);
                    }
                case "1.2.840.10045.2.1":
                    using (var ecdsa = ECDsa.Create())
                    {
                        ecdsa.ImportFromPem(block);
                        return certificate.CopyWithPrivateKey(ecdsa);
                    }
                default:
                    throw new CertificateFileException(certificatePath,
                        $"The certificate in '{certificatePath}' has a {certificate.PublicKey.Oid.FriendlyName ?? algorithm} key; only RSA and ECDSA keys are supported.");
            }
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new CertificateFileException(keyFile,
                $"The private key in '{keyFile}' does not match the certificate in '{certificatePath}' ({certificate.Subject}): it is another key pair, or not a {(algorithm == "1.2.840.10045.2.1" ? "ECDSA" : "RSA")} key.", e);
        }
    }

    /// <summary>Every certificate of a PEM file (a CA bundle, or a certificate followed by its intermediates), in file order.</summary>
    /// <exception cref="CertificateFileException">The file is missing, holds no certificate, or one is malformed.</exception>
    public static X509Certificate2Collection LoadBundle(string path)
    {
        var text = ReadText(path);
        var certificates = new X509Certificate2Collection();
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            if (rest.Span[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(rest.Span[fields.Base64Data].ToString())));
                }
                catch (Exception e) when (e is CryptographicException or FormatException)
                {
                    throw new CertificateFileException(path, $"Certificate {certificates.Count + 1} in '{path}' is malformed: {e.Message}", e);
                }
            }
            rest = rest[fields.Location.End..];
        }
        if (certificates.Count == 0)
        {
            throw new CertificateFileException(path,
                $"'{path}' holds no PEM certificate: expected a '-----BEGIN CERTIFICATE-----' block (convert DER with 'openssl x509 -inform der -in FILE -out FILE.pem').");
        }
        return certificates;
    }

    /// <summary>Writes <paramref name="certificate"/> (and, when given, the certificates after it in a chain) to
    /// <paramref name="certificatePath"/>, and its private key as PKCS#8 to <paramref name="keyPath"/>, readable by its owner only.</summary>
    public static void Write(X509Certificate2 certificate, string certificatePath, string? keyPath, IEnumerable<X509Certificate2>? chain = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var pem = certificate.ExportCertificatePem() + "\n";
        foreach (var issuer in chain ?? [])
        {
            pem += issuer.ExportCertificatePem() + "\n";
        }
        File.WriteAllText(certificatePath, pem);
        if (keyPath is null)
        {
            return;
        }
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException($"The certificate {certificate.Subject} has no private key to write.", nameof(certificate));
        using (key)
        {
            var text = key.ExportPkcs8PrivateKeyPem() + "\n";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var stream = new FileStream(keyPath, options);
            using var writer = new StreamWriter(stream);
            writer.Write(text);
        }
    }

    private static string ReadText(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CertificateFileException(path, $"'{path}' does not exist.");
            }
            if (info.Length > MaxFileBytes)
            {
                throw new CertificateFileException(path, $"'{path}' is larger than {MaxFileBytes} bytes: not a PEM certificate or key.");
            }
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CertificateFileException(path, $"'{path}' cannot be read: {e.Message}", e);
        }
    }

    private static string FindKey(string text, string path)
    {
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var label = rest.Span[fields.Label];
            if (label.SequenceEqual("ENCRYPTED PRIVATE KEY"))
            {
                throw new CertificateFileException(path,
                    $"The private key in '{path}' is encrypted; give an unencrypted one ('openssl pkey -in {path} -out plain.key').");
            }
            if (label.SequenceEqual("PRIVATE KEY") || label.SequenceEqual("RSA PRIVATE KEY") || label.SequenceEqual("EC PRIVATE KEY"))
            {
                return rest.Span[fields.Location].ToString();
            }
            rest = rest[fields.Location.End..];
        }
        throw new CertificateFileException(path, $"'{path}' holds no PEM private key: expected a '-----BEGIN PRIVATE KEY-----' block.");
    }
}
