namespace TR069Acs.Provisioning.Firmware;

/// <summary>The algorithm byte of a signed image header.</summary>
public enum FirmwareSignatureAlgorithm : byte
{
    /// <summary>ECDSA over P-256 with SHA-256; the signature is r‖s (IEEE P1363), 64 bytes.</summary>
    EcdsaP256Sha256 = 1,

    /// <summary>RSA (2048-4096 bits) with SHA-256 and PKCS#1 v1.5 padding; the signature is as long as the modulus.</summary>
    RsaPkcs1Sha256 = 2,
}
