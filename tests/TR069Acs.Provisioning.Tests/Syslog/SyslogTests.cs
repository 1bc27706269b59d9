using System.Text;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Macros;
using TR069Acs.Provisioning.Syslog;

namespace TR069Acs.Provisioning.Tests.Syslog;

public class SyslogTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 7, 14, 5, 9, TimeSpan.Zero);

    [Fact]
    public void Rfc3164_has_pri_bsd_timestamp_host_and_message()
    {
        var message = ProvisioningLog.Create("CP-8831-3PCC 00:0e:08:ab:cd:ef -- Successful resync tftp://192.168.1.200:69/basic.txt", "000e08abcdef", Now);
        Assert.Equal(
            "<13>Mar  7 14:05:09 000e08abcdef CP-8831-3PCC 00:0e:08:ab:cd:ef -- Successful resync tftp://192.168.1.200:69/basic.txt",
            SyslogFormatter.FormatRfc3164(message));
    }

    [Fact]
    public void Rfc3164_writes_a_tag_with_pid_and_keeps_one_line_within_1024_bytes()
    {
        var message = new SyslogMessage(SyslogFacility.Local0, SyslogSeverity.Error, new DateTimeOffset(2025, 12, 25, 1, 2, 3, TimeSpan.Zero),
            "phone", "prov", "42", null, null, "line1\r\nline2 " + new string('\u00e9', 2000));
        var text = SyslogFormatter.FormatRfc3164(message);
        Assert.StartsWith("<131>Dec 25 01:02:03 phone prov[42]: line1 line2 ", text, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(text) <= 1024);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void What_we_format_parses_back()
    {
        var original = new SyslogMessage(SyslogFacility.User, SyslogSeverity.Notice, Now, "000e08abcdef", "prov", null, null, null, "Requesting resync");
        var parsed = SyslogParser.Parse(SyslogFormatter.ToRfc3164Bytes(original), Now);
        Assert.Equal(original with { Format = SyslogFormat.Rfc3164 }, parsed);

        var rfc5424 = original with { Format = SyslogFormat.Rfc5424, ProcessId = "7", MessageId = "RESYNC" };
        var parsed5424 = SyslogParser.Parse(SyslogFormatter.FormatRfc5424(rfc5424), Now);
        Assert.Equal(rfc5424, parsed5424);
    }

    [Theory]
    [InlineData("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", SyslogFacility.Auth, SyslogSeverity.Critical, "mymachine", "su", "'su root' failed for lonvick on /dev/pts/8")]
    [InlineData("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!", SyslogFacility.User, SyslogSeverity.Notice, "10.0.0.99", null, "Use the BFG!")]
    [InlineData("<165>Aug 24 05:34:00 host app[123]: msg", SyslogFacility.Local4, SyslogSeverity.Notice, "host", "app", "msg")]
    [InlineData("<0>no timestamp here", SyslogFacility.Kernel, SyslogSeverity.Emergency, null, null, "no timestamp here")]
    public void Rfc3164_lines_from_the_wild_parse(string line, SyslogFacility facility, SyslogSeverity severity, string? host, string? tag, string text)
    {
        var message = SyslogParser.Parse(line, Now);
        Assert.Equal((facility, severity, host, tag, text), (message.Facility, message.Severity, message.Hostname, message.AppName, message.Message));
        Assert.Equal(SyslogFormat.Rfc3164, message.Format);
    }

    [Fact]
    public void Rfc3164_year_comes_from_the_receiver_and_december_read_in_january_is_last_year()
    {
        var january = new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(2024, SyslogParser.Parse("<13>Dec 31 23:59:59 h m", january).Timestamp!.Value.Year);
        Assert.Equal(2025, SyslogParser.Parse("<13>Jan  1 00:00:01 h m", january).Timestamp!.Value.Year);
        Assert.Equal(2024, SyslogParser.Parse("<13>Feb 29 00:00:01 h m", new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)).Timestamp!.Value.Year);
    }

    [Theory]
    [InlineData("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - BOM'su root' failed", "mymachine.example.com", "su", null, "ID47", null, "BOM'su root' failed")]
    [InlineData("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.", "192.0.2.1", "myproc", "8710", null, null, "%% It's time to make the do-nuts.")]
    [InlineData("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"App\\]lication\"] An application event", "mymachine.example.com", "evntslog", null, "ID47", "[exampleSDID@32473 iut=\"3\" eventSource=\"App\\]lication\"]", "An application event")]
    [InlineData("<165>1 - - - - - -", null, null, null, null, null, "")]
    public void Rfc5424_examples_parse(string line, string? host, string? app, string? pid, string? msgId, string? sd, string text)
    {
        var message = SyslogParser.Parse(line, Now);
        Assert.Equal((host, app, pid, msgId, sd, text), (message.Hostname, message.AppName, message.ProcessId, message.MessageId, message.StructuredData, message.Message));
        Assert.Equal(SyslogFormat.Rfc5424, message.Format);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("<>x")]
    [InlineData("<192>x")]
    [InlineData("<01>x")]
    [InlineData("<1a>x")]
    [InlineData("<13>1 notatime h a p m - x")]
    [InlineData("<13>1 2003-10-11T22:14:15Z h a p m [unterminated")]
    [InlineData("<13>1 2003-10-11T22:14:15Z h")]
    [InlineData("<13>1 2003-10-11T22:14:15Z h a p m x")]
    public void Garbage_is_a_parse_error(string line)
    {
        Assert.False(SyslogParser.TryParse(line, Now, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Oversized_datagrams_are_refused()
    {
        Assert.Throws<SyslogParseException>(() => SyslogParser.Parse(new byte[SyslogParser.MaxMessageBytes + 1], Now));
    }

    [Fact]
    public void Default_log_templates_expand_and_empty_ones_send_nothing()
    {
        var catalogue = ParameterCatalogue.Default;
        var model = catalogue.GetModel("CP-8831-3PCC");
        var values = new FlatValues(catalogue.GetParameterSet(model));
        var context = MacroContext.ForPhone(model, values, "000e08abcdef", "88012BA01234");
        context.SetRequest("tftp", "192.168.1.200", "192.168.1.200", 69, "/basic.txt");
        Assert.Equal("CP-8831-3PCC 00:0e:08:ab:cd:ef -- Requesting resync tftp://192.168.1.200:69/basic.txt",
            ProvisioningLog.Expand(values["Log_Request_Msg"], context));
        context.Error = "http_get failed";
        Assert.Equal("CP-8831-3PCC 00:0e:08:ab:cd:ef -- Upgrade failed: http_get failed",
            ProvisioningLog.Expand(values["Log_Upgrade_Failure_Msg"], context));
        values.Set("Log_Success_Msg", "");
        Assert.Null(ProvisioningLog.Expand(values["Log_Success_Msg"], context));
    }

    [Theory]
    [InlineData("None", null)]
    [InlineData("", null)]
    [InlineData("$MA", "000e08abcdef")]
    [InlineData("$MAU", "000E08ABCDEF")]
    [InlineData("$MAC", "00:0e:08:ab:cd:ef")]
    [InlineData("$SN", "88012BA01234")]
    public void Syslog_identifier_resolves_to_the_host_field(string setting, string? expected)
    {
        var context = new MacroContext { Mac = "000e08abcdef", SerialNumber = "88012BA01234" };
        Assert.Equal(expected, ProvisioningLog.Identifier(setting, context));
    }

    [Fact]
    public void Syslog_server_defaults_to_port_514()
    {
        Assert.True(ProvisioningLog.TryParseServer("192.168.1.210", out var server));
        Assert.Equal(514, server.Value.PortOr(ProvisioningLog.DefaultPort));
        Assert.True(ProvisioningLog.TryParseServer("127.0.0.1:5514", out server));
        Assert.Equal(5514, server.Value.PortOr(ProvisioningLog.DefaultPort));
        Assert.False(ProvisioningLog.TryParseServer("", out _));
        Assert.False(ProvisioningLog.TryParseServer("bad host", out _));
    }
}
