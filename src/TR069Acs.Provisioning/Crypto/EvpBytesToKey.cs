using System.Security.Cryptography;
using System.Text;

namespace TR069Acs.Provisioning.Crypto;

/// <summary>
/// OpenSSL's EVP_BytesToKey with one iteration, as <c>openssl enc -k PASSWORD</c> uses it:
/// D1 = H(password ‖ salt), Dn = H(Dn-1 ‖ password ‖ salt), key ‖ IV = the first 32 + 16 bytes of D1 ‖ D2 ‖ ….
/// </summary>
internal static class EvpBytesToKey
{
    public const int KeySize = 32;
    public const int IvSize = 16;

    public static void Derive(string password, ReadOnlySpan<byte> salt, OpensslDigest digest, Span<byte> key, Span<byte> iv)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var hashSize = digest == OpensslDigest.Md5 ? MD5.HashSizeInBytes : SHA256.HashSizeInBytes;
        Span<byte> material = stackalloc byte[KeySize + IvSize + SHA256.HashSizeInBytes];
        Span<byte> previous = stackalloc byte[SHA256.HashSizeInBytes];
        var input = new byte[hashSize + passwordBytes.Length + salt.Length];
        var produced = 0;
        var havePrevious = false;
        while (produced < KeySize + IvSize)
        {
            var length = 0;
            if (havePrevious)
            {
                previous[..hashSize].CopyTo(input);
                length = hashSize;
            }

            passwordBytes.CopyTo(input, length);
            length += passwordBytes.Length;
            salt.CopyTo(input.AsSpan(length));
            length += salt.Length;
            var block = material.Slice(produced, hashSize);
            if (digest == OpensslDigest.Md5)
            {
                MD5.HashData(input.AsSpan(0, length), block);
            }
            else
            {
                SHA256.HashData(input.AsSpan(0, length), block);
            }

            block.CopyTo(previous);
            havePrevious = true;
            produced += hashSize;
        }

        material[..KeySize].CopyTo(key);
        material.Slice(KeySize, IvSize).CopyTo(iv);
        CryptographicOperations.ZeroMemory(material);
        CryptographicOperations.ZeroMemory(passwordBytes);
    }
}
