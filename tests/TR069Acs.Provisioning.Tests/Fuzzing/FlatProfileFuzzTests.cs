using System.Text;
using CsCheck;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.FlatProfiles;

namespace TR069Acs.Provisioning.Tests.Fuzzing;

/// <summary>Hostile flat profiles (downloaded by a phone, uploaded by an operator): the reader returns a profile or throws
/// <see cref="FlatProfileException"/>; the applier stores only what it reports applied and leaves every other value alone.</summary>
public sealed class FlatProfileFuzzTests
{
    private static readonly string[] Seeds =
    [
        """
        <flat-profile>
          <GPP_A ua="na"> 12345678 </GPP_A>
          <Profile_Rule ua="na">[--key $A] https://prov.example.com/cfg/$MA.cfg</Profile_Rule>
          <Password_1_ ua="na">s3cret</Password_1_>
          <User_ID_1_>1001</User_ID_1_><Line_Enable_1_>Yes</Line_Enable_1_>
          <Resync_Periodic>3600</Resync_Periodic><Resync_Error_Retry_Delay>600,1200,300</Resync_Error_Retry_Delay>
          <Profile_Rule_B/>
          <!-- comment -->
        </flat-profile>
        """,
        """<?xml version="1.0" encoding="UTF-8"?><device><flat-profile><Upgrade_Rule>( $SWVER ne sip88xx.12-0-1 )? http://fw/$PSN.loads</Upgrade_Rule><Debug_Level>3</Debug_Level></flat-profile></device>""",
    ];

    private static readonly string[] Tokens =
    [
        "<", ">", "</", "/>", "=", "\"", " ua=\"rw\"", " ua=\"xx\"", " ua=", "&amp;", "&#0;", "&bogus;", "<![CDATA[x]]>", "<!--", "-->",
        "<!DOCTYPE flat-profile [<!ENTITY x \"y\">]>", "&x;", "<flat-profile>", "</flat-profile>", "<device>", "</device>",
        "<Password_9_>", "<GPP_Q>", "<Line_Enable_1_>Maybe</Line_Enable_1_>", "<Resync_Periodic>-5</Resync_Periodic>",
        "\0", "\uFFFE", "é", "<?xml version=\"1.0\" encoding=\"ebcdic\"?>", "\uFEFF", "********", new string('x', 3000),
    ];

    private static readonly ModelParameterSet Parameters = ParameterCatalogue.Default.GetParameterSet(ParameterCatalogue.Default.Models[0]);

    [Fact]
    public void Mutated_profiles_parse_or_are_refused_and_apply_only_what_they_report()
        => Fuzz.Check(Fuzz.MutatedText(Seeds, Tokens), ParseAndApply, iterations: 4000, print: Fuzz.Show);

    [Fact]
    public void Random_bytes_are_refused_with_a_profile_error()
        => Fuzz.Check(Gen.Byte.Array[0, 2048], bytes => ParseAndApply(bytes), iterations: 2000, print: Fuzz.Show);

    private static void ParseAndApply(string text) => ParseAndApply(Encoding.UTF8.GetBytes(text));

    private static void ParseAndApply(byte[] bytes)
    {
        FlatProfile profile;
        try
        {
            profile = FlatProfileReader.Parse(bytes);
        }
        catch (FlatProfileException ex) when (ex.Message.Length > 0)
        {
            return;
        }
        var values = new FlatValues(Parameters);
        var before = values.Clone();
        var result = FlatProfileApplier.Apply(profile, values);
        Assert.Equal(profile.Entries.Count, result.Applied.Count + result.Skipped.Count);
        var applied = result.Applied.Select(a => a.Parameter).ToHashSet();
        foreach (var parameter in Parameters.Parameters)
        {
            if (!applied.Contains(parameter))
            {
                Assert.Equal(before[parameter], values[parameter]);
            }
        }
    }
}
