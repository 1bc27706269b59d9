using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Tests.Catalogue;

public class FlatValuesTests
{
    private static FlatValues NewPhone(string model = "CP-8841-3PCC") => new(ParameterCatalogue.Default.GetParameterSet(model));

    [Fact]
    public void A_new_phone_has_the_models_factory_values()
    {
        var values = NewPhone("SPA504G");
        Assert.Equal("/spa$PSN.cfg", values["Profile_Rule"]);
        Assert.Equal("3600", values["Resync_Periodic"]);
        Assert.Empty(values.GetChangedValues());
    }

    [Fact]
    public void Set_validates_normalizes_and_reports_change()
    {
        var values = NewPhone();
        var parameter = values.Parameters.Get("Resync_On_Reset");
        Assert.True(values.TrySet(parameter, "no", out var changed, out _));
        Assert.True(changed);
        Assert.Equal("No", values[parameter]);
        Assert.True(values.TrySet(parameter, "NO", out changed, out _));
        Assert.False(changed);
        Assert.False(values.TrySet(parameter, "off", out _, out var error));
        Assert.Equal("No", values[parameter]);
        Assert.NotNull(error);
        Assert.Single(values.GetChangedValues());
    }

    [Fact]
    public void Set_by_name_throws_with_the_parameter_and_reason()
    {
        var values = NewPhone();
        var e = Assert.Throws<ArgumentException>(() => values.Set("Debug_Level", "9"));
        Assert.Contains("Debug_Level", e.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => values.Set("No_Such", "1"));
    }

    [Fact]
    public void User_access_defaults_to_the_catalogue_and_can_be_overridden_per_phone()
    {
        var values = NewPhone();
        var gpp = values.Parameters.Get("GPP_A");
        Assert.Equal(UserAccess.NoAccess, values.GetAccess(gpp));
        values.SetAccess(gpp, UserAccess.ReadWrite);
        Assert.Equal(UserAccess.ReadWrite, values.GetAccess(gpp));
        Assert.Equal(UserAccess.NoAccess, NewPhone().GetAccess(gpp));
    }

    [Fact]
    public void Clone_is_independent_and_reset_restores_factory_values()
    {
        var values = NewPhone();
        values.Set("GPP_A", "1");
        var copy = values.Clone();
        copy.Set("GPP_A", "2");
        Assert.Equal("1", values["GPP_A"]);
        values.ResetToFactory();
        Assert.Equal("", values["GPP_A"]);
        Assert.Equal("2", copy["GPP_A"]);
    }

    [Fact]
    public void A_parameter_of_another_model_is_refused()
    {
        var values = NewPhone("SPA504G");
        var other = ParameterCatalogue.Default.GetParameterSet("CP-8841-3PCC").Get("GPP_A");
        Assert.Throws<ArgumentException>(() => values[other]);
    }

    [Fact]
    public void As_a_value_source_a_parameter_of_another_model_reads_as_unknown()
    {
        IFlatValueSource small = NewPhone("CP-8831-3PCC");
        var big = ParameterCatalogue.Default.GetParameterSet("CP-8841-3PCC");
        Assert.Null(small.GetValue(big.Parameters[^1]));
        Assert.Null(small.GetValue(big.Get("GPP_A")));
    }
}
