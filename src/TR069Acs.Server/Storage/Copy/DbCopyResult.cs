namespace TR069Acs.Server.Storage.Copy;

/// <summary>How one table was copied and whether the target matches the source.</summary>
/// <param name="Table">The table, as the source names it.</param>
/// <param name="SourceRows">Rows in the source (in the copy's snapshot).</param>
/// <param name="TargetRows">Rows in the target after the copy.</param>
/// <param name="Inserted">Rows this run wrote.</param>
/// <param name="Kept">Rows already in the target by primary key (an earlier, interrupted run; or <c>--into-non-empty</c>).</param>
/// <param name="Differing">Kept rows whose values differ from the source's (only with <c>--into-non-empty</c> in the end
/// result: in a copy into an empty target such a table is emptied and copied again).</param>
/// <param name="SourceChecksum">Order-independent hash of the source's canonicalised rows.</param>
/// <param name="TargetChecksum">The same hash of the target's rows.</param>
/// <param name="Verified">Counts and checksums are equal (into an empty target), or every source row is in the target
/// with the source's values (into a non-empty one).</param>
public sealed record DbCopyTable(
    string Table, long SourceRows, long TargetRows, long Inserted, long Kept, long Differing,
    string SourceChecksum, string TargetChecksum, bool Verified);

/// <summary>The outcome of <c>acs db copy</c>.</summary>
/// <param name="Source">The source, without its password.</param>
/// <param name="Target">The target, without its password.</param>
/// <param name="Tables">Every table copied, in copy order.</param>
/// <param name="Resumed">The target held an unfinished copy of the same source, which this run completed.</param>
/// <param name="IntoNonEmpty">The target held rows of its own (<c>--into-non-empty</c>).</param>
/// <param name="FirmwareFiles">Firmware images copied (or already present and verified) at the target.</param>
/// <param name="Warnings">What the operator must still do or know (missing files, where the key ring must go).</param>
public sealed record DbCopyResult(
    string Source, string Target, IReadOnlyList<DbCopyTable> Tables, bool Resumed, bool IntoNonEmpty,
    int FirmwareFiles, IReadOnlyList<string> Warnings)
{
    /// <summary>Every table verified.</summary>
    public bool Verified => Tables.All(t => t.Verified);
}
