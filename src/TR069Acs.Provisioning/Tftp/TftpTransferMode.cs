namespace TR069Acs.Provisioning.Tftp;

/// <summary>Transfer modes of RFC 1350 §1 (case-insensitive on the wire).</summary>
public enum TftpTransferMode
{
    /// <summary><c>netascii</c>: text with CR LF line ends and CR NUL for a bare CR.</summary>
    NetAscii,

    /// <summary><c>octet</c>: raw bytes.</summary>
    Octet,

    /// <summary><c>mail</c>: obsolete (RFC 1350 says it should not be implemented).</summary>
    Mail,
}
