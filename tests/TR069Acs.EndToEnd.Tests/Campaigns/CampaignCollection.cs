namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary>Campaign tests run one after another: each drives dozens of phones, downloads and reboots against its
/// own ACS, and the 2-core test machine should give each the whole of its time rather than share it four ways.</summary>
[CollectionDefinition(Name)]
public sealed class CampaignCollection
{
    public const string Name = "Campaigns";
}
