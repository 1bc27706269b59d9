namespace TR069Acs.Agent.DataModel;

/// <summary>A multi-instance object (a table) of the data model definition.</summary>
/// <param name="Path">The table's name with <c>{i}</c> for enclosing instances, ending in "." and without its own
/// instance number, e.g. <c>Device.Services.VoiceService.1.VoiceProfile.{i}.Line.</c>.</param>
/// <param name="Writable">AddObject and DeleteObject are allowed (TR-069 A.3.2.6/A.3.2.7).</param>
/// <param name="DefaultInstances">Instances 1…n a factory-fresh phone has.</param>
/// <param name="MaxInstances">AddObject beyond this faults 9004 (resources exceeded).</param>
/// <param name="NumberOfEntriesParameter">The <c>…NumberOfEntries</c> parameter counting the instances, with
/// <c>{i}</c> as in <paramref name="Path"/>; it must also be defined as a parameter.</param>
internal sealed record ObjectDefinition(
    string Path,
    bool Writable,
    int DefaultInstances,
    int MaxInstances,
    string? NumberOfEntriesParameter);
