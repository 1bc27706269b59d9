using System.Text;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.FlatProfiles;

namespace TR069Acs.Provisioning.Tests.FlatProfiles;

public class FlatProfileReaderTests
{
    [Fact]
    public void The_guides_basic_profile_with_device_wrapper_gives_a_trimmed_value()
    {
        // The TFTP Resync exercise: value on the opening line, closing tag on the next.
        var profile = FlatProfileReader.Parse("""
            <device> <flat-profile>
            <GPP_A> 12345678
            </GPP_A>

            </flat-profile> </device>
            """);
        var entry = Assert.Single(profile.Entries);
        Assert.Equal(("GPP_A", "12345678"), (entry.Name, entry.Value));
        Assert.Equal((2, 2), (entry.Line, entry.Column));
    }

    [Fact]
    public void Flat_profile_without_wrapper_with_ua_empty_elements_and_comments()
    {
        var profile = FlatProfileReader.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- provisioning -->
            <flat-profile>
              <Profile_Rule ua="na">
              tftp://192.168.1.200/CP-8831-3PCC$MA.cfg
              </Profile_Rule>
              <Profile_Rule_B ua="ro"/>
              <Resync_Trigger_2 ua="rw"></Resync_Trigger_2>
              <GPP_B>AB<!-- inside -->CD</GPP_B>
            </flat-profile>
            """);
        Assert.Equal(
            [
                ("Profile_Rule", "tftp://192.168.1.200/CP-8831-3PCC$MA.cfg", (UserAccess?)UserAccess.NoAccess),
                ("Profile_Rule_B", "", UserAccess.ReadOnly),
                ("Resync_Trigger_2", "", UserAccess.ReadWrite),
                ("GPP_B", "ABCD", null),
            ],
            profile.Entries.Select(e => (e.Name, e.Value, e.Access)));
    }

    [Fact]
    public void Entities_cdata_and_non_ascii_utf8_come_through()
    {
        var bytes = Encoding.UTF8.GetBytes("<flat-profile><Station_Name>Caf\u00e9 &amp; Bar</Station_Name><GPP_C><![CDATA[a<b]]></GPP_C></flat-profile>");
        var profile = FlatProfileReader.Parse(bytes);
        Assert.Equal(["Caf\u00e9 & Bar", "a<b"], profile.Entries.Select(e => e.Value));
    }

    [Fact]
    public void A_utf8_bom_and_a_latin1_declaration_are_honoured()
    {
        var bom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("<flat-profile><GPP_A>\u00fc</GPP_A></flat-profile>")).ToArray();
        Assert.Equal("\u00fc", FlatProfileReader.Parse(bom).Entries[0].Value);
        var latin1 = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><flat-profile><GPP_A>\u00fc</GPP_A></flat-profile>");
        Assert.Equal("\u00fc", FlatProfileReader.Parse(latin1).Entries[0].Value);
    }

    [Fact]
    public void The_multi_line_value_of_the_reflector_script_keeps_its_inner_line_breaks()
    {
        var profile = FlatProfileReader.Parse("<flat-profile><GPP_D>OU=CP-8831-3PCC,\nL=88012BA01234,\nS=000e08abcdef\n</GPP_D></flat-profile>");
        Assert.Equal("OU=CP-8831-3PCC,\nL=88012BA01234,\nS=000e08abcdef", profile.Entries[0].Value);
    }

    [Fact]
    public void An_invalid_ua_is_a_warning_not_an_error()
    {
        var profile = FlatProfileReader.Parse("<flat-profile>\n<GPP_A ua=\"admin\">1</GPP_A></flat-profile>");
        Assert.Null(profile.Entries[0].Access);
        var warning = Assert.Single(profile.Warnings);
        Assert.Equal(2, warning.Line);
        Assert.Contains("ua=\"admin\"", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<flat-profile>\n  <GPP_A>1</GPP_B>\n</flat-profile>", 2, "GPP_A")]
    [InlineData("<flat-profile>\n<GPP_A>1</GPP_A>\n", 3, "Unexpected end of file")]
    [InlineData("<flat-profile>\n<GPP_A>1 & 2</GPP_A></flat-profile>", 2, "EntityName")]
    [InlineData("<profile><GPP_A>1</GPP_A></profile>", 1, "root element is <profile>")]
    [InlineData("<device>\n<config/></device>", 2, "unexpected <config> inside <device>")]
    [InlineData("<flat-profile>\n<GPP_A>1<b>2</b></GPP_A></flat-profile>", 2, "contains an element <b>")]
    [InlineData("<flat-profile>\nGPP_A 1;\n</flat-profile>", 1, "outside a parameter element")]
    [InlineData("", 0, "Root element is missing")]
    [InlineData("<flat-profile></flat-profile><flat-profile/>", 1, "multiple root elements")]
    public void Malformed_profiles_fail_with_line_and_column(string text, int line, string reasonPart)
    {
        var e = Assert.Throws<FlatProfileException>(() => FlatProfileReader.Parse(text));
        Assert.Equal(line, e.Line);
        if (line > 0)
        {
            Assert.True(e.Column > 0);
            Assert.Contains($"line {line}", e.Message, StringComparison.Ordinal);
        }

        Assert.Contains(reasonPart, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dtd_is_refused_so_entity_expansion_attacks_cannot_start()
    {
        const string billionLaughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
            <flat-profile><GPP_A>&lol2;</GPP_A></flat-profile>
            """;
        var e = Assert.Throws<FlatProfileException>(() => FlatProfileReader.Parse(billionLaughs));
        Assert.Equal(2, e.Line);
        Assert.Contains("DTD", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_a_position()
    {
        var bytes = Encoding.UTF8.GetBytes("<flat-profile><GPP_A>x</GPP_A></flat-profile>");
        bytes[21] = 0xFF;
        var e = Assert.Throws<FlatProfileException>(() => FlatProfileReader.Parse(bytes));
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Size_limits_stop_oversized_profiles()
    {
        var many = "<flat-profile>" + string.Concat(Enumerable.Repeat("<GPP_A>1</GPP_A>", 11)) + "</flat-profile>";
        var e = Assert.Throws<FlatProfileException>(() => FlatProfileReader.Parse(many, new FlatProfileReaderOptions { MaxEntries = 10 }));
        Assert.Contains("more than 10 parameters", e.Message, StringComparison.Ordinal);

        var longValue = "<flat-profile><GPP_A>" + new string('x', 101) + "</GPP_A></flat-profile>";
        e = Assert.Throws<FlatProfileException>(() => FlatProfileReader.Parse(longValue, new FlatProfileReaderOptions { MaxValueLength = 100 }));
        Assert.Contains("longer than 100", e.Message, StringComparison.Ordinal);

        Assert.Throws<FlatProfileException>(() => FlatProfileReader.Parse(longValue, new FlatProfileReaderOptions { MaxCharacters = 50 }));
    }

    [Fact]
    public void Try_parse_reports_instead_of_throwing()
    {
        Assert.False(FlatProfileReader.TryParse("<flat-profile>"u8, out var profile, out var error));
        Assert.Null(profile);
        Assert.NotNull(error);
        Assert.True(FlatProfileReader.TryParse("<flat-profile/>"u8, out profile, out _));
        Assert.Empty(profile!.Entries);
    }
}
