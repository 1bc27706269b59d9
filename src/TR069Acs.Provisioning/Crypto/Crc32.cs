namespace TR069Acs.Provisioning.Crypto;

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as gzip's trailer uses it (RFC 1952 8).</summary>
internal static class Crc32
{
    private static readonly uint[] _table = CreateTable();

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        foreach (var b in data)
        {
            crc = _table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
