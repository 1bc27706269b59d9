namespace TR069Acs.Provisioning.Firmware;

/// <summary>Why a firmware image was refused. Every kind is detected before anything is "flashed".</summary>
public enum FirmwareErrorKind
{
    /// <summary>The file does not start with the image magic: not one of our firmware images.</summary>
    WrongMagic,

    /// <summary>A format version this code does not know.</summary>
    UnsupportedFormat,

    /// <summary>The file ends inside the header or the payload.</summary>
    Truncated,

    /// <summary>A header field is out of bounds or not decodable.</summary>
    Malformed,

    /// <summary>The payload does not match its SHA-256, or bytes follow it.</summary>
    Corrupt,

    /// <summary>The signature does not verify with the configured key.</summary>
    BadSignature,

    /// <summary>A signature is required but the image has none.</summary>
    Unsigned,

    /// <summary>The image does not list the phone's model.</summary>
    WrongModel,

    /// <summary>The payload exceeds the configured limit.</summary>
    TooLarge,
}
