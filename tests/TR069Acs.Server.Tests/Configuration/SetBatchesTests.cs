using TR069Acs.Cwmp;
using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Tests.Configuration;

public sealed class SetBatchesTests
{
    [Fact]
    public void Many_values_are_cut_at_the_parameter_limit_in_order()
    {
        var values = Enumerable.Range(0, 450).Select(i => new ParameterValue($"Device.X_CISCO_COM_FlatProfile.GPP_{i}", "v", "xsd:string")).ToList();

        var batches = SetBatches.Split(values);

        Assert.Equal([200, 200, 50], batches.Select(b => b.Count));
        Assert.Equal(values, batches.SelectMany(b => b));
    }

    [Fact]
    public void Large_values_are_cut_at_the_envelope_budget_and_an_oversized_one_goes_alone()
    {
        var big = new string('x', 200 * 1024);
        var escaped = new string('&', 100 * 1024);   // &amp; on the wire: 500 KiB
        var values = new List<ParameterValue>
        {
            new("Device.X_CISCO_COM_FlatProfile.GPP_A", big, "xsd:string"),
            new("Device.X_CISCO_COM_FlatProfile.GPP_B", big, "xsd:string"),
            new("Device.X_CISCO_COM_FlatProfile.GPP_C", escaped, "xsd:string"),
            new("Device.X_CISCO_COM_FlatProfile.GPP_D", new string('y', 600 * 1024), "xsd:string"),
        };

        var batches = SetBatches.Split(values);

        Assert.Equal([2, 1, 1], batches.Select(b => b.Count));
    }
}
