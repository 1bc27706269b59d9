namespace TR069Acs.Provisioning.Crypto;

/// <summary>The message digest <c>openssl enc</c> uses to derive key and IV from the password (<c>-md</c>).</summary>
public enum OpensslDigest
{
    /// <summary><c>-md md5</c>: what the phones and OpenSSL before 1.1.0 use.</summary>
    Md5,

    /// <summary><c>-md sha256</c>: the OpenSSL 1.1.0+ default.</summary>
    Sha256,
}
