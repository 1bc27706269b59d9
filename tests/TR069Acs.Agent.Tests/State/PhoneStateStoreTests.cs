using TR069Acs.Agent.State;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.State;

public sealed class PhoneStateStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agent-store-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void State_round_trips_through_the_file()
    {
        var store = new PhoneStateStore(_directory);
        var state = new PhoneState
        {
            Serial = "FCH0001",
            SoftwareVersion = "sip88xx.12-0-2-0001-1",
            RetryCount = 3,
            Events = [new EventStruct(EventCodes.MReboot, "rb")],
            TransferCompletes = [new TransferCompleteState { CommandKey = "dl", FaultCode = 9016, FaultString = "404", StartTime = DateTimeOffset.UnixEpoch }],
            Model = new DataModelState { Values = new() { ["Device.Time.NTPServer1"] = "ntp.test" } },
        };

        store.Save(state);
        var loaded = store.Load("FCH0001", out var problem);

        Assert.Null(problem);
        Assert.NotNull(loaded);
        Assert.Equal("sip88xx.12-0-2-0001-1", loaded.SoftwareVersion);
        Assert.Equal(3, loaded.RetryCount);
        Assert.Equal(new EventStruct(EventCodes.MReboot, "rb"), loaded.Events.Single());
        Assert.Equal(9016, loaded.TransferCompletes.Single().FaultCode);
        Assert.Equal("ntp.test", loaded.Model.Values!["Device.Time.NTPServer1"]);
        Assert.Equal([Path.GetFileName(store.PathFor("FCH0001"))], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_phone_without_a_file_has_no_state()
        => Assert.Null(new PhoneStateStore(_directory).Load("FCH0002", out _));

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    [InlineData("""{"version": 7, "serial": "FCH0003"}""")]
    [InlineData("""{"version": 1, "serial": "SOMEONE-ELSE"}""")]
    public void An_unreadable_file_is_moved_aside_and_the_phone_starts_fresh(string content)
    {
        var store = new PhoneStateStore(_directory);
        File.WriteAllText(store.PathFor("FCH0003"), content);

        var state = store.Load("FCH0003", out var problem);

        Assert.Null(state);
        Assert.NotNull(problem);
        Assert.True(File.Exists(store.PathFor("FCH0003") + ".corrupt"));
        Assert.False(File.Exists(store.PathFor("FCH0003")));
    }

    [Fact]
    public void Serials_with_path_characters_stay_inside_the_directory()
    {
        var store = new PhoneStateStore(_directory);

        var path = store.PathFor("../../etc/passwd");

        Assert.Equal(Path.GetFullPath(_directory), Path.GetDirectoryName(path));
    }
}
