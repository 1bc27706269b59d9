using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.FlatProfiles;

namespace TR069Acs.Provisioning.Tests.FlatProfiles;

public class FlatProfileApplierTests
{
    private static FlatValues NewPhone(string model = "SPA504G") => new(ParameterCatalogue.Default.GetParameterSet(model));

    [Fact]
    public void Valid_entries_apply_while_bad_ones_are_skipped_with_reasons()
    {
        var values = NewPhone();
        var profile = FlatProfileReader.Parse("""
            <flat-profile>
              <GPP_A>12345678</GPP_A>
              <Resync_Periodic>thirty</Resync_Periodic>
              <Unknown_Thing>1</Unknown_Thing>
              <User_ID_5_>1005</User_ID_5_>
              <User_ID_4_>1004</User_ID_4_>
              <Resync_Random_Delay>70000</Resync_Random_Delay>
              <Resync_On_Reset>yes</Resync_On_Reset>
            </flat-profile>
            """);
        var result = FlatProfileApplier.Apply(profile, values);

        Assert.Equal("12345678", values["GPP_A"]);
        Assert.Equal("1004", values["User_ID_4_"]);
        Assert.Equal("3600", values["Resync_Periodic"]);
        Assert.Equal("2", values["Resync_Random_Delay"]);
        Assert.Equal(["GPP_A", "User_ID_4_", "Resync_On_Reset"], result.Applied.Select(a => a.Parameter.Name));
        Assert.Equal(["GPP_A", "User_ID_4_"], result.Changed.Select(a => a.Parameter.Name));
        Assert.Equal(
            [
                ("Resync_Periodic", SkipReason.InvalidValue, 3),
                ("Unknown_Thing", SkipReason.UnknownParameter, 4),
                ("User_ID_5_", SkipReason.MissingExtension, 5),
                ("Resync_Random_Delay", SkipReason.InvalidValue, 7),
            ],
            result.Skipped.Select(s => (s.Entry.Name, s.Reason, s.Entry.Line)));
        Assert.Contains("out of range (0-65535)", result.Skipped[3].Message, StringComparison.Ordinal);
        Assert.True(result.HasChanged("GPP_A"));
        Assert.False(result.HasChanged("Resync_On_Reset"));
    }

    [Fact]
    public void Ua_attributes_are_stored_per_parameter()
    {
        var values = NewPhone();
        FlatProfileApplier.Apply(FlatProfileReader.Parse("<flat-profile><Station_Name ua=\"rw\">Lobby</Station_Name></flat-profile>"), values);
        Assert.Equal(UserAccess.ReadWrite, values.GetAccess(values.Parameters.Get("Station_Name")));
    }

    [Fact]
    public void The_last_of_repeated_entries_wins()
    {
        var values = NewPhone();
        var result = FlatProfileApplier.Apply(FlatProfileReader.Parse("<flat-profile><GPP_A>1</GPP_A><GPP_A>2</GPP_A></flat-profile>"), values);
        Assert.Equal("2", values["GPP_A"]);
        Assert.Equal(2, result.Applied.Count);
    }

    [Fact]
    public void An_exported_masked_secret_keeps_the_current_secret()
    {
        var values = NewPhone();
        values.Set("Password_1_", "real-secret");
        var exported = FlatProfileWriter.ToBytes(values);
        var result = FlatProfileApplier.Apply(FlatProfileReader.Parse(exported), values);
        Assert.Equal("real-secret", values["Password_1_"]);
        Assert.Contains(result.Skipped, s => s.Reason == SkipReason.MaskedSecret && s.Entry.Name == "Password_1_");
    }

    [Fact]
    public void A_refused_secret_is_not_echoed_in_the_report()
    {
        var values = NewPhone();
        var longSecret = "TOPSECRET" + new string('x', 300);
        var result = FlatProfileApplier.Apply(new FlatProfile([new FlatProfileEntry("Password_1_", longSecret)]), values);
        var skipped = Assert.Single(result.Skipped);
        Assert.DoesNotContain("TOPSECRET", skipped.Message, StringComparison.Ordinal);
    }
}
