using TR069Acs.Server.Syslog;

namespace TR069Acs.Server.Tests.Syslog;

public sealed class DeviceCluesTests
{
    [Theory]
    [InlineData("CP-8841-3PCC 00:0e:08:ab:cd:ef -- Requesting resync", "000e08abcdef")]
    [InlineData("MAC 00-0E-08-AB-CD-EF here", "000e08abcdef")]
    [InlineData("000E08ABCDEF", "000e08abcdef")]
    [InlineData("host 000e.08ab.cdef", "000e08abcdef")]
    [InlineData("GET /cfg/spa000e08abcdef.cfg", "000e08abcdef")]
    public void A_MAC_is_found_in_every_usual_spelling(string text, string mac) => Assert.Equal([mac], DeviceClues.Macs(text));

    [Theory]
    [InlineData("sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]   // a hash
    [InlineData("fe80:0000:0000:0000:0202:b3ff:fe1e:8329")]                                 // IPv6
    [InlineData("00:0e:08:ab:cd:ef:01 is an EUI-64 prefix")]
    [InlineData("at 08:15:02 on Mar 9")]
    public void Hashes_addresses_and_times_are_not_MACs(string text) => Assert.Empty(DeviceClues.Macs(text));

    [Fact]
    public void Serial_candidates_mix_letters_and_digits()
        => Assert.Equal(["CP-8841-3PCC", "FCH2216ABCD", "spa000e08abcdef.cfg"],
            DeviceClues.SerialCandidates("CP-8841-3PCC FCH2216ABCD -- Successful resync http://10.0.0.1/spa000e08abcdef.cfg"));
}
