namespace TR069Acs.Provisioning.Certificates;

/// <summary>Key pairs <see cref="LabCertificateAuthority"/> generates.</summary>
public enum LabKeyAlgorithm
{
    /// <summary>ECDSA on NIST P-256, signed with SHA-256: small and fast.</summary>
    EcdsaP256,

    /// <summary>RSA 2048 with PKCS#1 v1.5 SHA-256 signatures, for clients limited to the RSA suites the older phones list.</summary>
    Rsa2048,
}
