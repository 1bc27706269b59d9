using System.Text;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Provisioning.Tests.Support;

namespace TR069Acs.Provisioning.Tests.Crypto;

public class GzipInteropTests
{
    private const string Gzip = "/usr/bin/gzip";
    private static readonly byte[] Profile = Encoding.UTF8.GetBytes(
        "<flat-profile>\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"<GPP_A>{i}</GPP_A>\n")) + "</flat-profile>\n");

    [Fact]
    public void We_read_what_gzip_writes()
    {
        var gz = ExternalTool.RunOk(Gzip, ["-c", "-9"], Profile);
        Assert.True(GzipCodec.IsGzip(gz));
        Assert.Equal(Profile, GzipCodec.Decompress(gz));
    }

    [Fact]
    public void Gunzip_reads_what_we_write()
    {
        var ours = GzipCodec.Compress(Profile);
        Assert.Equal(Profile, ExternalTool.RunOk(Gzip, ["-dc"], ours));
        var test = ExternalTool.Run(Gzip, ["-t"], ours);
        Assert.Equal(0, test.ExitCode);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(30)]
    public void A_truncated_gzip_file_is_refused_not_silently_shortened(int cut)
    {
        var gz = ExternalTool.RunOk(Gzip, ["-c"], Profile);
        var truncated = gz[..^cut];
        Assert.NotEqual(0, ExternalTool.Run(Gzip, ["-t"], truncated).ExitCode);
        var e = Assert.Throws<ProfileCodecException>(() => GzipCodec.Decompress(truncated));
        Assert.Equal(ProfileCodecError.CorruptGzip, e.Error);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_gzip_body_is_refused()
    {
        var gz = GzipCodec.Compress(Profile);
        gz[gz.Length / 2] ^= 0x55;
        var e = Assert.Throws<ProfileCodecException>(() => GzipCodec.Decompress(gz));
        Assert.Equal(ProfileCodecError.CorruptGzip, e.Error);
    }

    [Fact]
    public void A_gzip_bomb_stops_at_the_size_limit()
    {
        var bomb = GzipCodec.Compress(new byte[10_000_000]);
        Assert.True(bomb.Length < 20_000);
        var e = Assert.Throws<ProfileCodecException>(() => GzipCodec.Decompress(bomb, maxDecompressedBytes: 1_000_000));
        Assert.Equal(ProfileCodecError.TooLarge, e.Error);
    }

    [Fact]
    public void Header_only_and_non_gzip_input_are_refused()
    {
        Assert.Equal(ProfileCodecError.CorruptGzip, Assert.Throws<ProfileCodecException>(() => GzipCodec.Decompress([0x1f, 0x8b, 8, 0])).Error);
        Assert.Equal(ProfileCodecError.CorruptGzip, Assert.Throws<ProfileCodecException>(() => GzipCodec.Decompress("<flat-profile/>"u8)).Error);
    }
}
