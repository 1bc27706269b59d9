namespace TR069Acs.Server.Storage;

internal abstract partial class SqlDialect
{
    /// <summary>Adds an operator user unless the name is taken (one row affected, else none). Atomic under concurrent
    /// writers: nodes started together on an empty database each try to create the first admin, and the losers must
    /// get "taken", not a unique-key error that stops their start.</summary>
    public virtual string InsertUserIfAbsent => """
        INSERT INTO operator_users (name, role, scope_tags, password_hash, created, updated, failures, failure_window, locked_until)
        VALUES (@Name, @Role, @ScopeTags, @PasswordHash, @Created, @Updated, 0, NULL, NULL)
        ON CONFLICT (name) DO NOTHING
        """;
}
