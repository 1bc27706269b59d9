namespace TR069Acs.Provisioning.Crypto;

/// <summary>A decoded profile: the bytes to parse and how they arrived.</summary>
/// <param name="Content">The plain profile (XML) bytes.</param>
/// <param name="WasEncrypted">The file was <c>openssl enc</c> AES-256-CBC.</param>
/// <param name="WasCompressed">The file (inside the encryption, if any) was gzip.</param>
/// <param name="Digest">The key derivation digest that decrypted it, when encrypted.</param>
public sealed record ProfileDecodeResult(byte[] Content, bool WasEncrypted, bool WasCompressed, OpensslDigest? Digest);
