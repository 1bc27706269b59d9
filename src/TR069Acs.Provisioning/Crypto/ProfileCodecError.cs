namespace TR069Acs.Provisioning.Crypto;

/// <summary>Why a downloaded profile could not be decoded.</summary>
public enum ProfileCodecError
{
    /// <summary>Decryption failed: the key is wrong (bad padding), or the data is not what <c>openssl enc</c> wrote.</summary>
    WrongKey,

    /// <summary>The rule gives a key but the file is not in the <c>openssl enc</c> format (no <c>Salted__</c> header).</summary>
    NotEncrypted,

    /// <summary>The file is encrypted (<c>Salted__</c>) but the rule gives no <c>--key</c>.</summary>
    KeyRequired,

    /// <summary>The ciphertext is cut short or not a whole number of AES blocks.</summary>
    Truncated,

    /// <summary>The gzip stream is truncated or corrupt.</summary>
    CorruptGzip,

    /// <summary>The file or its decompressed content exceeds the configured limit.</summary>
    TooLarge,
}
