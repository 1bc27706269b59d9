using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace TR069Acs.Provisioning.Crypto;

/// <summary>
/// gzip (RFC 1952) for profiles: detected by its header (1f 8b), decompressed with a size limit and checked
/// against its CRC-32/length trailer, because a truncated stream otherwise decompresses silently to a prefix.
/// Files are expected as <c>gzip</c> writes them: one member.
/// </summary>
public static class GzipCodec
{
    /// <summary>The default limit on decompressed size (a full profile is a few hundred kilobytes).</summary>
    public const int DefaultMaxDecompressedBytes = 16 * 1024 * 1024;

    private const int HeaderSize = 10;
    private const int TrailerSize = 8;

    /// <summary>True when <paramref name="data"/> starts with the gzip magic 1f 8b.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b;

    /// <summary>Compresses <paramref name="data"/> into a gzip file that <c>gunzip</c> reads.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream(data.Length / 3 + 64);
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Decompresses a gzip file.</summary>
    /// <exception cref="ProfileCodecException"><see cref="ProfileCodecError.CorruptGzip"/> when the data is truncated
    /// or damaged, <see cref="ProfileCodecError.TooLarge"/> past <paramref name="maxDecompressedBytes"/>.</exception>
    public static byte[] Decompress(ReadOnlySpan<byte> data, int maxDecompressedBytes = DefaultMaxDecompressedBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDecompressedBytes);
        if (!IsGzip(data))
        {
            throw new ProfileCodecException(ProfileCodecError.CorruptGzip, "not gzip data (no 1f 8b header)");
        }

        if (data.Length < HeaderSize + TrailerSize)
        {
            throw new ProfileCodecException(ProfileCodecError.CorruptGzip, $"the gzip data is truncated ({data.Length} bytes)");
        }

        var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(data[^8..]);
        var expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]);
        var output = new MemoryStream(expectedSize < (uint)maxDecompressedBytes ? (int)expectedSize : 4096);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var input = ArrayPool<byte>.Shared.Rent(data.Length);
        try
        {
            data.CopyTo(input);
            using var gzip = new GZipStream(new MemoryStream(input, 0, data.Length, writable: false), CompressionMode.Decompress);
            var crc = 0u;
            int read;
            while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxDecompressedBytes)
                {
                    throw new ProfileCodecException(ProfileCodecError.TooLarge,
                        $"the gzip data expands beyond the limit of {maxDecompressedBytes} bytes");
                }

                crc = Crc32.Append(crc, buffer.AsSpan(0, read));
                output.Write(buffer, 0, read);
            }

            // RFC 1952 2.3.1: CRC32 and ISIZE (length mod 2^32) of the uncompressed data close the member.
            if (crc != expectedCrc || (uint)output.Length != expectedSize)
            {
                throw new ProfileCodecException(ProfileCodecError.CorruptGzip,
                    "the gzip data is truncated or corrupt (its CRC-32/length trailer does not match the content)");
            }
        }
        catch (InvalidDataException e)
        {
            throw new ProfileCodecException(ProfileCodecError.CorruptGzip, "the gzip data is corrupt: " + e.Message, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(input);
        }

        return output.ToArray();
    }
}
