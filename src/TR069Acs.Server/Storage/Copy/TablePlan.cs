namespace TR069Acs.Server.Storage.Copy;

/// <summary>How one table is copied: its shape on both sides and the column pairs, in one fixed order (by name, ignoring
/// case) used for reading, writing and checksumming on both sides.</summary>
/// <param name="Source">The table in the source.</param>
/// <param name="Target">The same table in the target.</param>
/// <param name="SourceColumns">Source column names, in plan order.</param>
/// <param name="TargetColumns">The matching target column names, same order.</param>
/// <param name="Key">Positions (in plan order) of the target's primary key columns; empty when it has none.</param>
/// <param name="TargetTypes">The .NET type the target's provider uses for each column (null: write values as read).</param>
/// <param name="Index">1-based place of the table in the copy.</param>
/// <param name="Tables">Tables in the copy.</param>
internal sealed record TablePlan(
    TableShape Source, TableShape Target, IReadOnlyList<string> SourceColumns, IReadOnlyList<string> TargetColumns,
    IReadOnlyList<int> Key, IReadOnlyList<Type?> TargetTypes, int Index, int Tables);

/// <summary>What one pass over a source table did.</summary>
internal sealed record CopyPass(long Read, long Inserted, long Kept, long Differing, TableChecksum Checksum, long Secrets, string? SecretSample);
