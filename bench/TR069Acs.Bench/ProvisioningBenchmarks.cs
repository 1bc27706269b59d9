using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Provisioning.FlatProfiles;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Bench;

/// <summary>
/// The phone domain on a resync: parse plus apply of a 200-parameter flat profile (target: at most 100 µs,
/// issue 3 §11), the same profile gzipped and AES-256-CBC encrypted as it travels, and the ACS's flat-name lookup.
/// </summary>
[MemoryDiagnoser]
public class ProvisioningBenchmarks
{
    private const int ProfileSize = 200;

    private byte[] _profile = null!;
    private byte[] _encrypted = null!;
    private FlatValues _phone = null!;
    private PhoneMapping _mapping = null!;

    [GlobalSetup]
    public void Setup()
    {
        var parameters = ParameterCatalogue.Default.GetParameterSet("CP-8841-3PCC");
        var text = new StringBuilder("<flat-profile>\n");
        foreach (var parameter in parameters.Parameters.Take(ProfileSize))
        {
            text.Append('<').Append(parameter.Name).Append(" ua=\"na\">").Append(SampleValue(parameter)).Append("</").Append(parameter.Name).Append(">\n");
        }

        _profile = Encoding.UTF8.GetBytes(text.Append("</flat-profile>\n").ToString());
        _encrypted = ProfileCodec.Encode(_profile, "MyOwnSecret", gzip: true);
        _phone = new FlatValues(parameters);
        _mapping = PhoneMapping.Load();
        var check = FlatProfileApplier.Apply(FlatProfileReader.Parse(_profile), _phone);
        if (check.Applied.Count != ProfileSize || check.Skipped.Count != 0)
        {
            throw new InvalidOperationException($"benchmark profile: {check.Applied.Count} applied, {check.Skipped.Count} skipped");
        }
    }

    [Benchmark]
    public int ParseAndApply200() => FlatProfileApplier.Apply(FlatProfileReader.Parse(_profile), _phone).Applied.Count;

    [Benchmark]
    public int Parse200() => FlatProfileReader.Parse(_profile).Entries.Count;

    [Benchmark]
    public int DecryptGunzipParseApply200() =>
        FlatProfileApplier.Apply(FlatProfileReader.Parse(ProfileCodec.Decode(_encrypted, "MyOwnSecret").Content), _phone).Applied.Count;

    [Benchmark]
    public string ResolveFlatName() => _mapping.ResolveName("User_ID_3_", "CP-8841-3PCC").Tr069Path;

    private static string SampleValue(FlatParameter parameter)
    {
        var rule = parameter.Rule;
        return rule.Type switch
        {
            ParameterType.Boolean => parameter.Default == "Yes" ? "No" : "Yes",
            ParameterType.Integer => (rule.Min ?? 0).ToString(CultureInfo.InvariantCulture),
            ParameterType.Enumeration => rule.Values[^1],
            ParameterType.Interval => "600,1200,300",
            ParameterType.HourMinute => "0230",
            ParameterType.Version => "11.2.3",
            ParameterType.IntegerList => "66,160",
            ParameterType.Rule => "[--key $SA] http://prov.example.com/$PSN/$MA.cfg",
            ParameterType.Condition => "$UPGTMR gt 300 and $PRVTMR ge 600",
            ParameterType.HostPort => "sip.example.com:5062",
            ParameterType.Url => "http://acs.example.com:7547/",
            _ => "value-" + parameter.Ordinal.ToString(CultureInfo.InvariantCulture),
        };
    }
}
