using System.Text;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.FlatProfiles;

namespace TR069Acs.Provisioning.Tests.FlatProfiles;

public class FlatProfileWriterTests
{
    private static FlatValues NewPhone() => new(ParameterCatalogue.Default.GetParameterSet("CP-7841-3PCC"));

    [Fact]
    public void A_written_profile_reads_back_to_the_same_values()
    {
        var source = NewPhone();
        source.Set("GPP_A", "a < b & c > d");
        source.Set("GPP_D", "line1\nline2");
        source.Set("Station_Name", "Caf\u00e9");
        source.Set("Password_2_", "p@ss");
        source.Set("Profile_Rule", "[--key \"my key\"] http://prov/$MA.cfg");
        source.SetAccess(source.Parameters.Get("Station_Name"), UserAccess.ReadOnly);

        var bytes = FlatProfileWriter.ToBytes(source, new FlatProfileWriterOptions { MaskSecrets = false, DeviceWrapper = true });
        var target = NewPhone();
        var result = FlatProfileApplier.Apply(FlatProfileReader.Parse(bytes), target);

        Assert.Empty(result.Skipped);
        foreach (var parameter in source.Parameters.Parameters)
        {
            Assert.Equal(source[parameter], target[parameter]);
            Assert.Equal(source.GetAccess(parameter), target.GetAccess(parameter));
        }
    }

    [Fact]
    public void Secrets_are_masked_unless_asked_otherwise_and_empty_ones_stay_empty()
    {
        var values = NewPhone();
        values.Set("ACS_Password", "hunter2");
        var text = FlatProfileWriter.ToText(values);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains($"<ACS_Password ua=\"na\">{FlatProfileWriter.SecretMask}</ACS_Password>", text, StringComparison.Ordinal);
        Assert.Contains("<Password_1_ ua=\"na\"/>", text, StringComparison.Ordinal);
        Assert.Contains("hunter2", FlatProfileWriter.ToText(values, new FlatProfileWriterOptions { MaskSecrets = false }), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_changed_writes_a_compact_profile_with_tab_comments()
    {
        var values = NewPhone();
        values.Set("GPP_B", "ABCD");
        values.Set("User_ID_2_", "1002");
        var text = FlatProfileWriter.ToText(values, new FlatProfileWriterOptions { OnlyChanged = true });
        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<flat-profile>\n<!-- Provisioning -->\n<GPP_B ua=\"na\">ABCD</GPP_B>\n"
            + "<!-- Ext 2 -->\n<User_ID_2_ ua=\"na\">1002</User_ID_2_>\n</flat-profile>\n",
            text);
    }

    [Fact]
    public void Entries_from_the_acs_are_written_with_secrets_masked_by_the_catalogue()
    {
        var bytes = FlatProfileWriter.ToBytes(
            [new FlatProfileEntry("GPP_A", "1", UserAccess.NoAccess), new FlatProfileEntry("GPP_SA", "k"), new FlatProfileEntry("Custom_X", "y")],
            new FlatProfileWriterOptions { TabComments = false });
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("<GPP_A ua=\"na\">1</GPP_A>", text, StringComparison.Ordinal);
        Assert.Contains($"<GPP_SA>{FlatProfileWriter.SecretMask}</GPP_SA>", text, StringComparison.Ordinal);
        Assert.Contains("<Custom_X>y</Custom_X>", text, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FlatProfileWriter.ToBytes([new FlatProfileEntry("bad name", "1")]));
    }
}
