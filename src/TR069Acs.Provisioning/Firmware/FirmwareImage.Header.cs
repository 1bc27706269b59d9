using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TR069Acs.Provisioning.Firmware;

public sealed partial class FirmwareImage
{
    private const int FixedSize = 64;
    private const int MaxModels = 32;
    private const int MaxModelLength = 64;
    private const int MaxVersionLength = 128;
    private const int MaxHeaderSize = 16 * 1024;
    private const int KeyIdSize = 8;
    private const ushort FlagSigned = 1;

    private static ReadOnlySpan<byte> Magic => [0x89, (byte)'T', (byte)'A', (byte)'F', (byte)'W', 0x0D, 0x0A, 0x1A];

    private static byte[] EncodeHeader(IReadOnlyList<string> models, string version, long payloadLength, byte[] sha256, DateTimeOffset createdAt, FirmwareSigner? signer)
    {
        var length = FixedSize + 1 + models.Sum(m => 1 + m.Length) + 1 + version.Length;
        var signedPartLength = signer is null ? length : length + 1 + KeyIdSize;
        var total = signer is null ? length : signedPartLength + 2 + signer.SignatureSize;
        var header = new byte[total];
        var span = header.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], FormatVersion);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], signer is null ? (ushort)0 : FlagSigned);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], (uint)total);
        BinaryPrimitives.WriteUInt64BigEndian(span[16..], (ulong)payloadLength);
        sha256.CopyTo(span[24..]);
        BinaryPrimitives.WriteInt64BigEndian(span[56..], createdAt.ToUnixTimeSeconds());
        var position = FixedSize;
        span[position++] = (byte)models.Count;
        foreach (var model in models)
        {
            span[position++] = (byte)model.Length;
            position += Encoding.ASCII.GetBytes(model, span[position..]);
        }

        span[position++] = (byte)version.Length;
        position += Encoding.ASCII.GetBytes(version, span[position..]);
        if (signer is not null)
        {
            span[position++] = (byte)signer.Algorithm;
            signer.KeyId.CopyTo(span[position..]);
            position += KeyIdSize;
            var signature = signer.Sign(span[..position]);
            BinaryPrimitives.WriteUInt16BigEndian(span[position..], (ushort)signature.Length);
            signature.CopyTo(span[(position + 2)..]);
        }

        return header;
    }

    private static (FirmwareHeader Header, SignatureStatus Signature) ReadHeader(Stream stream, FirmwareReadOptions options)
    {
        var fixedPart = new byte[16];
        var got = ReadFully(stream, fixedPart);
        if (got < Magic.Length || !fixedPart.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new FirmwareImageException(
                got < Magic.Length && Magic.StartsWith(fixedPart.AsSpan(0, got)) ? FirmwareErrorKind.Truncated : FirmwareErrorKind.WrongMagic,
                got < Magic.Length && Magic.StartsWith(fixedPart.AsSpan(0, got))
                    ? $"the image is truncated ({got} bytes)"
                    : "not a firmware image (wrong magic)");
        }

        if (got < fixedPart.Length)
        {
            throw new FirmwareImageException(FirmwareErrorKind.Truncated, $"the image is truncated inside its header ({got} bytes)");
        }

        var format = BinaryPrimitives.ReadUInt16BigEndian(fixedPart.AsSpan(8));
        if (format != FormatVersion)
        {
            throw new FirmwareImageException(FirmwareErrorKind.UnsupportedFormat, $"image format version {format} is not supported (expected {FormatVersion})");
        }

        var flags = BinaryPrimitives.ReadUInt16BigEndian(fixedPart.AsSpan(10));
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(fixedPart.AsSpan(12));
        if (headerLength < FixedSize + 3 || headerLength > MaxHeaderSize || (flags & ~FlagSigned) != 0)
        {
            throw Malformed($"header length {headerLength} or flags 0x{flags:x4} out of bounds");
        }

        var header = new byte[headerLength];
        fixedPart.CopyTo(header, 0);
        if (ReadFully(stream, header.AsSpan(16)) < header.Length - 16)
        {
            throw new FirmwareImageException(FirmwareErrorKind.Truncated, "the image is truncated inside its header");
        }

        return Decode(header, (flags & FlagSigned) != 0, options);
    }

    private static (FirmwareHeader, SignatureStatus) Decode(byte[] header, bool signed, FirmwareReadOptions options)
    {
        var span = header.AsSpan();
        var payloadLength = BinaryPrimitives.ReadUInt64BigEndian(span[16..]);
        if (payloadLength > (ulong)options.MaxPayloadBytes)
        {
            throw new FirmwareImageException(FirmwareErrorKind.TooLarge, $"the payload of {payloadLength} bytes exceeds the limit of {options.MaxPayloadBytes}");
        }

        var sha256 = span.Slice(24, 32).ToArray();
        long createdSeconds = BinaryPrimitives.ReadInt64BigEndian(span[56..]);
        if (createdSeconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || createdSeconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw Malformed("creation time out of range");
        }

        var position = FixedSize;
        var count = span[position++];
        if (count is 0 or > MaxModels)
        {
            throw Malformed($"model count {count}");
        }

        var models = new string[count];
        for (var i = 0; i < count; i++)
        {
            models[i] = ReadToken(span, ref position, MaxModelLength, "model", "");
        }

        var version = ReadToken(span, ref position, MaxVersionLength, "version", "()");
        if (!FirmwareVersion.TryParse(version, out _))
        {
            throw Malformed($"'{version}' is not a firmware version");
        }

        byte[]? keyId = null;
        var status = SignatureStatus.Unsigned;
        if (signed)
        {
            if (position + 1 + KeyIdSize + 2 > span.Length
                || (FirmwareSignatureAlgorithm)span[position] is not (FirmwareSignatureAlgorithm.EcdsaP256Sha256 or FirmwareSignatureAlgorithm.RsaPkcs1Sha256))
            {
                throw Malformed("signature block missing or of an unknown algorithm");
            }

            var algorithm = (FirmwareSignatureAlgorithm)span[position];
            keyId = span.Slice(position + 1, KeyIdSize).ToArray();
            var signedLength = position + 1 + KeyIdSize;
            var signatureLength = BinaryPrimitives.ReadUInt16BigEndian(span[signedLength..]);
            position = signedLength + 2 + signatureLength;
            if (position != span.Length)
            {
                throw Malformed("signature length does not match the header length");
            }

            if (options.TrustedKeys is { } trust)
            {
                if (trust.Verify(algorithm, keyId, span[..signedLength], span.Slice(signedLength + 2, signatureLength)) is { } refusal)
                {
                    throw new FirmwareImageException(FirmwareErrorKind.BadSignature, refusal);
                }

                status = SignatureStatus.Valid;
            }
            else if (options.VerificationKey is { } key)
            {
                var signature = span.Slice(signedLength + 2, signatureLength);
                if (algorithm != FirmwareSignatureAlgorithm.EcdsaP256Sha256 || !key.VerifyData(span[..signedLength], signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                {
                    throw new FirmwareImageException(FirmwareErrorKind.BadSignature, "the image signature does not verify with the configured key");
                }

                status = SignatureStatus.Valid;
            }
            else
            {
                status = SignatureStatus.NotVerified;
            }
        }
        else if (position != span.Length)
        {
            throw Malformed("unexpected bytes at the end of the header");
        }

        if (!signed && options.RequireSignature)
        {
            throw new FirmwareImageException(FirmwareErrorKind.Unsigned, "the image is not signed and a signature is required");
        }

        var parsed = new FirmwareHeader(FormatVersion, models, version, (long)payloadLength, sha256, DateTimeOffset.FromUnixTimeSeconds(createdSeconds), keyId);
        if (options.Model is string model && !parsed.Supports(model))
        {
            throw new FirmwareImageException(FirmwareErrorKind.WrongModel,
                $"the image is for {string.Join(", ", models)}, not {model}");
        }

        return (parsed, status);
    }

    private static string ReadToken(ReadOnlySpan<byte> span, ref int position, int maxLength, string what, string extra)
    {
        if (position >= span.Length)
        {
            throw Malformed($"{what} missing");
        }

        var length = span[position++];
        if (length == 0 || length > maxLength || position + length > span.Length)
        {
            throw Malformed($"{what} length {length} out of bounds");
        }

        var text = Ascii(span.Slice(position, length));
        if (!IsToken(text, maxLength, extra))
        {
            throw Malformed($"{what} contains characters outside A-Z a-z 0-9 . _ -");
        }

        position += length;
        return text;
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static FirmwareImageException Malformed(string detail) => new(FirmwareErrorKind.Malformed, "the image header is malformed: " + detail);
}
