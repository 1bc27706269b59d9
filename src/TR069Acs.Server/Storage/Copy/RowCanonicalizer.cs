using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TR069Acs.Server.Storage.Copy;

/// <summary>Writes a row's values in one canonical byte form whatever provider read them, so that the same row hashes
/// the same on SQLite, PostgreSQL and SQL Server: every integer (and a boolean, and an integral decimal or double) is
/// its decimal digits, other numbers their shortest round-trip text, text its UTF-8 bytes, blobs their bytes; each
/// value tagged and length-prefixed so no two rows run together.</summary>
internal sealed class RowCanonicalizer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    /// <summary>Starts a new row (or key).</summary>
    public void Reset() => _buffer.ResetWrittenCount();

    /// <summary>The canonical bytes written since <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>SHA-256 of the canonical bytes written since <see cref="Reset"/>, into <paramref name="hash"/> (32 bytes).</summary>
    public void Hash(Span<byte> hash) => SHA256.HashData(_buffer.WrittenSpan, hash);

    /// <summary>Appends one value as a provider returns it (<see cref="DBNull"/> or null for NULL).</summary>
    public void Append(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                Tag((byte)'N', ReadOnlySpan<byte>.Empty);
                return;
            case bool b:
                Integer(b ? 1 : 0);
                return;
            case byte or sbyte or short or ushort or int or uint or long:
                Integer(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return;
            case ulong u:
                Number((decimal)u);
                return;
            case decimal d:
                Number(d);
                return;
            case double or float:
                Real(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                return;
            case string s:
                Text(s);
                return;
            case byte[] bytes:
                Tag((byte)'B', bytes);
                return;
            case Guid g:
                Text(g.ToString("D"));
                return;
            default:
                Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                return;
        }
    }

    private void Number(decimal d)
    {
        if (d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue)
        {
            Integer((long)d);
        }
        else
        {
            Real((double)d);
        }
    }

    private void Real(double d)
    {
        if (double.IsFinite(d) && d == Math.Truncate(d) && d >= long.MinValue && d < long.MaxValue)
        {
            Integer((long)d);
            return;
        }
        Tag((byte)'R', Encoding.ASCII.GetBytes(d.ToString("R", CultureInfo.InvariantCulture)));
    }

    private void Integer(long n)
    {
        Span<byte> digits = stackalloc byte[24];
        n.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        Tag((byte)'I', digits[..written]);
    }

    private void Text(string s)
    {
        var length = Encoding.UTF8.GetByteCount(s);
        var span = Header((byte)'S', length);
        Encoding.UTF8.GetBytes(s, span);
        _buffer.Advance(length);
    }

    private void Tag(byte tag, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Header(tag, bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    private Span<byte> Header(byte tag, int length)
    {
        var header = _buffer.GetSpan(5);
        header[0] = tag;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], length);
        _buffer.Advance(5);
        return _buffer.GetSpan(length)[..length];
    }
}

/// <summary>An order-independent checksum of a table: the SHA-256 of each canonical row, added lane by lane (four 64-bit
/// lanes, modulo 2^64 each), so the rows may be read in any order on either side and still sum to the same value.</summary>
internal sealed class TableChecksum
{
    private readonly ulong[] _lanes = new ulong[4];

    /// <summary>Rows added.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds one row's 32-byte hash.</summary>
    public void Add(ReadOnlySpan<byte> hash)
    {
        for (var i = 0; i < 4; i++)
        {
            _lanes[i] = unchecked(_lanes[i] + BinaryPrimitives.ReadUInt64LittleEndian(hash[(i * 8)..]));
        }
        Rows++;
    }

    /// <summary>The checksum as 64 lower-case hex digits.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes[(i * 8)..], _lanes[i]);
        }
        return Convert.ToHexStringLower(bytes);
    }
}
