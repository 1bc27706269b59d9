namespace TR069Acs.Provisioning.Tftp;

/// <summary>What is wrong with a datagram that is not a well-formed TFTP packet.</summary>
public enum TftpParseErrorKind
{
    /// <summary>Shorter than the packet type needs.</summary>
    Truncated,

    /// <summary>An opcode outside 1–6.</summary>
    UnknownOpcode,

    /// <summary>A string field without its terminating NUL.</summary>
    UnterminatedString,

    /// <summary>A string field that is empty, not valid UTF-8/ASCII, or holds control characters.</summary>
    InvalidString,

    /// <summary>A transfer mode other than netascii, octet or mail.</summary>
    UnknownMode,

    /// <summary>An option without a value, repeated, or too many options.</summary>
    InvalidOption,

    /// <summary>Bytes after the end of a fixed-size packet or after its last string.</summary>
    TrailingBytes,

    /// <summary>A DATA payload larger than any block size allows.</summary>
    Oversized,
}

/// <summary>A typed parse failure: the kind and a sentence naming the offending field.</summary>
/// <param name="Kind">The class of problem.</param>
/// <param name="Message">What is wrong, e.g. "RRQ mode 'binary' is not netascii, octet or mail".</param>
public sealed record TftpParseError(TftpParseErrorKind Kind, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
