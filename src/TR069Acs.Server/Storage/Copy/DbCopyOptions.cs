namespace TR069Acs.Server.Storage.Copy;

/// <summary>What <c>acs db copy</c> copies where (issue 10 §4).</summary>
public sealed record DbCopyOptions
{
    /// <summary>The source database, <c>provider:connection string</c> as <c>acs serve --db</c> takes it
    /// (<c>sqlite:Data Source=/var/lib/acs/acs.db</c>).</summary>
    public required string From { get; init; }

    /// <summary>The target database, <c>provider:connection string</c>; its migrations are applied first.</summary>
    public required string To { get; init; }

    /// <summary>Copy into a target that already holds rows: rows whose primary key is there are kept as the target has
    /// them (and reported when they differ from the source's); the others are added. Without it such a target is refused.</summary>
    public bool IntoNonEmpty { get; init; }

    /// <summary>The source install's data directory (firmware images under <c>firmware/</c>, the key ring under
    /// <c>keys/</c>); default: the directory of a SQLite source's file.</summary>
    public string? FromDataDirectory { get; init; }

    /// <summary>The data directory of the install that will serve the target; firmware images are copied to its
    /// <c>firmware/</c>. Default: the directory of a SQLite target's file; none for a server database.</summary>
    public string? ToDataDirectory { get; init; }

    /// <summary>The source's <c>Acs:KeysDirectory</c> when it is not <c>FROM-DATA/keys</c>.</summary>
    public string? FromKeysDirectory { get; init; }

    /// <summary>The target nodes' <c>Acs:KeysDirectory</c> when it is not <c>TO-DATA/keys</c>.</summary>
    public string? ToKeysDirectory { get; init; }
}
