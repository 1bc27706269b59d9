using TR069Acs.Server.Campaigns;

namespace TR069Acs.Server.Tests.Campaigns;

public sealed class MembershipRulesTests
{
    private static readonly TargetImage _image = new("12.0.2", ["CP-8841-3PCC", "CP-8851-3PCC"]);

    private static DeviceFacts Phone(string id, string model = "CP-8841-3PCC", string? version = "sip88xx.12-0-1", string? limit = null,
        string[]? tags = null, long? busy = null)
        => new(id, true, model, version, tags ?? [], limit, busy);

    private static DeviceSelector Select(string? productClass = null, string[]? models = null, string? version = null, string? below = null,
        string[]? tags = null, string[]? ids = null)
        => new(productClass, models, version, below, tags, ids);

    [Fact]
    public void Every_criterion_given_must_hold()
    {
        var phone = Phone("a", tags: ["berlin", "floor2"]);
        Assert.True(MembershipRules.Matches(Select(models: ["CP-8851-3PCC", "cp-8841-3pcc"]), phone));
        Assert.True(MembershipRules.Matches(Select(productClass: "CP-8841-3PCC", tags: ["berlin"]), phone));
        Assert.False(MembershipRules.Matches(Select(productClass: "CP-8841-3PCC", tags: ["berlin", "hamburg"]), phone));
        Assert.True(MembershipRules.Matches(Select(version: "12.0.1"), phone));               // sip88xx.12-0-1 is 12.0.1
        Assert.True(MembershipRules.Matches(Select(below: "sip88xx.12-0-2"), phone));
        Assert.False(MembershipRules.Matches(Select(below: "12.0.1"), phone));
        Assert.False(MembershipRules.Matches(Select(below: "12.0.2"), Phone("b", version: "unknown")));
        Assert.False(MembershipRules.Matches(Select(ids: ["b"]), phone));
    }

    [Fact]
    public void Each_skip_and_refusal_says_why()
    {
        Assert.Null(MembershipRules.SkipReason(Phone("a"), _image));
        Assert.Equal("already on the target version 12.0.2", MembershipRules.SkipReason(Phone("a", version: "sip88xx.12-0-2"), _image));
        Assert.Equal("refused: the image is built for CP-8841-3PCC, CP-8851-3PCC, not for model SPA504G",
            MembershipRules.SkipReason(Phone("a", model: "SPA504G"), _image));
        Assert.Equal("refused: the target version 12.0.2 is below the device's Downgrade_Rev_Limit 12.0.3",
            MembershipRules.SkipReason(Phone("a", limit: "12.0.3"), _image));
        Assert.Null(MembershipRules.SkipReason(Phone("a", limit: "12.0.2"), _image));          // equal to the limit is allowed
        Assert.Equal("refused: the device is still in campaign 7", MembershipRules.SkipReason(Phone("a", busy: 7), _image));
        Assert.StartsWith("unknown device", MembershipRules.SkipReason(new DeviceFacts("x", false, "", null, [], null, null), _image), StringComparison.Ordinal);
    }

    [Fact]
    public void Skipped_devices_take_no_phase_slot()
    {
        var members = MembershipRules.Resolve(
            [Phone("a"), Phone("b", model: "SPA504G"), Phone("c"), Phone("d", version: "12.0.2"), Phone("e")],
            _image, new PhasePlan(1, [], 1));
        Assert.Equal([0, null, 1, null, 1], members.Select(m => m.Phase));
        Assert.Equal(2, members.Count(m => m.SkipReason is not null));
    }
}
