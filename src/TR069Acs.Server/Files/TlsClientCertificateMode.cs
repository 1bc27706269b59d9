namespace TR069Acs.Server.Files;

/// <summary>Whether the HTTPS file server insists on a client certificate once <c>Acs:ClientCa</c> is set
/// (Apache's <c>SSLVerifyClient require</c> / <c>optional</c>).</summary>
public enum TlsClientCertificateMode
{
    /// <summary>The TLS handshake fails without a certificate the client CA verifies.</summary>
    Required,

    /// <summary>A certificate is asked for and verified when sent; a client without one is served by its User-Agent.
    /// A certificate that fails verification still ends the handshake.</summary>
    Optional,
}
