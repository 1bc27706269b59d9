using TR069Acs.Cwmp;
using TR069Acs.Server.Devices;

namespace TR069Acs.Server.Tests.Devices;

public sealed class InformDigestCacheTests
{
    private static readonly ParameterValue[] _inform =
    [
        new("Device.DeviceInfo.SoftwareVersion", "1.0"),
        new("Device.DeviceInfo.UpTime", "100", "xsd:unsignedInt"),
    ];

    [Fact]
    public void Only_changed_parameters_are_written_after_the_first_inform()
    {
        var cache = new InformDigestCache(100);

        Assert.Equal(_inform, cache.TakeChanged("D", _inform));
        Assert.Empty(cache.TakeChanged("D", _inform));
        var later = new[] { _inform[0], new ParameterValue("Device.DeviceInfo.UpTime", "200", "xsd:unsignedInt") };
        Assert.Equal([later[1]], cache.TakeChanged("D", later));
    }

    [Fact]
    public void Forgotten_or_evicted_devices_are_written_in_full()
    {
        var cache = new InformDigestCache(1);
        cache.TakeChanged("D", _inform);

        cache.Forget("D");
        Assert.Equal(_inform, cache.TakeChanged("D", _inform));

        cache.TakeChanged("E", _inform); // over capacity: everything is dropped
        Assert.Equal(_inform, cache.TakeChanged("D", _inform));
    }

    [Fact]
    public void A_different_parameter_list_shape_is_written_in_full()
    {
        var cache = new InformDigestCache(100);
        cache.TakeChanged("D", _inform);

        Assert.Equal(_inform[..1], cache.TakeChanged("D", _inform[..1]));
    }
}
