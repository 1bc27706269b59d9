namespace TR069Acs.Server.Storage.Copy;

/// <summary>What the copy is doing now.</summary>
public enum DbCopyStage
{
    /// <summary>Reading the source table and writing the rows the target lacks.</summary>
    Copying,

    /// <summary>Reading the target table back to count and checksum it.</summary>
    Verifying,

    /// <summary>The table is copied and verified (or failed: see the result).</summary>
    Done,
}

/// <summary>One progress report: the table, the rows handled of its total, and the stage.</summary>
/// <param name="Table">The table (as the source names it).</param>
/// <param name="Rows">Rows read so far in this stage.</param>
/// <param name="Total">Rows the source table holds (in the copy's snapshot).</param>
/// <param name="Stage">What is being done.</param>
/// <param name="Index">The table's place in the copy, 1-based.</param>
/// <param name="Tables">How many tables are copied.</param>
public readonly record struct DbCopyProgress(string Table, long Rows, long Total, DbCopyStage Stage, int Index, int Tables);
