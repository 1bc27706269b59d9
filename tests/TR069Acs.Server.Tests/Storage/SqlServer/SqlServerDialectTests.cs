using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tests.Storage.SqlServer;

/// <summary>Every statement the SQL Server dialect produces, checked without a server (issue 10 §2): it parses with
/// Microsoft's T-SQL parser, names only parameters the stores pass (those of the same statement on SQLite, which the
/// store suite runs), and pages with OFFSET/FETCH after an ORDER BY.</summary>
public sealed partial class SqlServerDialectTests
{
    private static readonly SqlServerDialect Dialect = new();
    private static readonly SqliteDialect Sqlite = new();

    /// <summary>The dialect's statements: each string property but the provider name, and the static ones of its own.</summary>
    public static TheoryData<string> Statements()
    {
        var data = new TheoryData<string>();
        foreach (var property in StatementProperties())
        {
            data.Add(property.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Statement_parses_as_TSql(string name)
    {
        TSql.Parse(Composed(name), $"SqlServerDialect.{name}");
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Statement_names_only_parameters_the_store_passes(string name)
    {
        var sqliteProperty = typeof(SqliteDialect).GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
        var parameters = TSql.Parameters(TSql.Parse(Composed(name), name));
        if (sqliteProperty is null)
        {
            // SQL Server's own statements (the migration lock) take no parameters from the caller.
            Assert.Empty(parameters);
            return;
        }
        var passed = ParameterName().Matches((string?)sqliteProperty.GetValue(Sqlite) ?? "").Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

        var unknown = parameters.Where(p => !passed.Contains(p)).ToList();

        Assert.True(unknown.Count == 0, $"SqlServerDialect.{name} names {string.Join(", ", unknown)}, which the store does not pass (it passes {string.Join(", ", passed.Order())}).");
    }

    [Fact]
    public void Paging_is_offset_fetch_and_needs_an_order_by()
    {
        Assert.Equal(" OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY", Dialect.Paging);
        var paged = TSql.Parse("SELECT id FROM devices WHERE id > @After ORDER BY id" + Dialect.Paging, "a paged query");
        Assert.Equal(new HashSet<string> { "@After", "@Offset", "@Limit" }, TSql.Parameters(paged));

        // Without ORDER BY SQL Server has no OFFSET: a store that forgot it fails here, not on a carrier's server.
        TSql.TryParse("SELECT id FROM devices" + Dialect.Paging, out var errors);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Generated_keys_come_from_OUTPUT_INSERTED()
    {
        foreach (var sql in new[] { Dialect.InsertTask, Dialect.InsertFault, Dialect.InsertCampaign, Dialect.InsertActivationCode })
        {
            var insert = Assert.IsType<InsertStatement>(Single(sql));
            var output = insert.InsertSpecification.OutputClause;
            Assert.NotNull(output);
            Assert.Equal("id", Assert.IsType<ColumnReferenceExpression>(Assert.IsType<SelectScalarExpression>(Assert.Single(output.SelectColumns)).Expression)
                .MultiPartIdentifier.Identifiers[^1].Value);
        }
    }

    [Fact]
    public void Upserts_hold_the_key_range_lock()
    {
        // MERGE without HOLDLOCK checks and inserts under separate locks: two nodes upserting one new key would both see
        // it missing and one would fail on the primary key.
        foreach (var name in new[] { nameof(SqlServerDialect.UpsertDeviceFromInform), nameof(SqlServerDialect.UpsertParameterValue),
                     nameof(SqlServerDialect.UpsertParameterWritable), nameof(SqlServerDialect.UpsertParameterAttributes),
                     nameof(SqlServerDialect.UpsertConnectionRequestCredentials), nameof(SqlServerDialect.TakeLease),
                     nameof(SqlServerDialect.UpsertConfigValue), nameof(SqlServerDialect.UpsertPhoneConfigState), nameof(SqlServerDialect.UpsertReconciled),
                     nameof(SqlServerDialect.InsertCpeCredentialsIfAbsent), nameof(SqlServerDialect.UpsertPreRegisteredCpeCredentials),
                     nameof(SqlServerDialect.InsertPreRegisteredDevice), nameof(SqlServerDialect.UpsertProfileFetch),
                     nameof(SqlServerDialect.InsertFirmwareImageIfAbsent), nameof(SqlServerDialect.InsertSecureProvisioningIfAbsent),
                     nameof(SqlServerDialect.UpsertDeviceStatus) })
        {
            var merge = Assert.IsType<MergeStatement>(Single(Composed(name)));
            var target = Assert.IsType<NamedTableReference>(merge.MergeSpecification.Target);
            Assert.Contains(target.TableHints, h => h.HintKind is TableHintKind.HoldLock or TableHintKind.Serializable);
        }
    }

    [Fact]
    public void The_database_clock_is_unix_milliseconds_of_SYSUTCDATETIME()
    {
        var select = TSql.Parse($"SELECT {SqlServerDialect.UnixMillisecondsNow} AS now_ms", "the database clock");

        Assert.Contains(select.ScriptTokenStream, t => t.Text.Equals("SYSUTCDATETIME", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(select.ScriptTokenStream, t => t.Text.Equals("DATEDIFF_BIG", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Helper_expressions_are_TSql()
    {
        TSql.Parse(Dialect.Limit("SELECT id FROM syslog_messages WHERE received < @Cutoff ORDER BY id", "@Chunk"), "Limit");
        TSql.Parse(Dialect.DeleteSyslogChunk, "DeleteSyslogChunk");
        // Dapper expands "IN @Ids" into "IN (@Ids1, @Ids2, …)" before SQL Server sees it.
        var lists = $"SELECT 1 FROM devices WHERE {Dialect.InList("id", "@Ids")} AND {Dialect.InLowerCased("product_class", "@Models")}";
        TSql.Parse(DapperListExpansion().Replace(lists, m => $"IN ({m.Groups[1].Value}1, {m.Groups[1].Value}2)"), "InList");
        TSql.Parse($"SELECT {Dialect.Greatest("a", "b")} FROM t WHERE {Dialect.NullSafeEquals("x", "@X")} AND {Dialect.EqualsIgnoreCase("y", "@Y")}", "expressions");
        Assert.StartsWith("SELECT TOP (@Chunk) id", Dialect.Limit("SELECT id FROM t", "@Chunk"), StringComparison.Ordinal);
    }

    [Fact]
    public void Task_claims_and_requeues_lock_the_rows_they_read()
    {
        // The claim skips rows another node holds (READPAST), the requeue waits for them; both keep the row until commit.
        var claim = Assert.IsType<SelectStatement>(Single($"SELECT id FROM tasks{Dialect.RowLockHint(skipLocked: true)} WHERE device_id = @DeviceId AND status = 'queued' ORDER BY id{Dialect.Paging}{Dialect.ForUpdateSkipLocked}"));
        var requeue = Assert.IsType<SelectStatement>(Single($"SELECT id FROM tasks{Dialect.RowLockHint(skipLocked: false)} WHERE id = @Id AND status = 'sent'{Dialect.ForUpdate}"));

        Assert.Equal([TableHintKind.UpdLock, TableHintKind.ReadPast, TableHintKind.Rowlock], Hints(claim));
        Assert.Equal([TableHintKind.UpdLock, TableHintKind.Rowlock], Hints(requeue));

        static TableHintKind[] Hints(SelectStatement select)
            => ((NamedTableReference)((QuerySpecification)select.QueryExpression).FromClause.TableReferences[0]).TableHints.Select(h => h.HintKind).ToArray();
    }

    private static TSqlStatement Single(string sql)
    {
        var script = Assert.IsType<TSqlScript>(TSql.Parse(sql, "statement"));
        return Assert.Single(Assert.Single(script.Batches).Statements);
    }

    private static string Composed(string name)
    {
        var property = StatementProperties().Single(p => p.Name == name);
        var sql = (string)property.GetValue(property.GetMethod!.IsStatic ? null : Dialect)!;
        // Paging is a clause and NowMs an expression: each is checked where the stores put it.
        return name switch
        {
            nameof(SqlServerDialect.Paging) => $"SELECT id FROM devices ORDER BY id{sql}",
            nameof(SqlServerDialect.NowMs) => $"SELECT {sql} AS now_ms",
            _ => sql,
        };
    }

    private static IEnumerable<PropertyInfo> StatementProperties()
        => typeof(SqlServerDialect).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(string) && p.Name != nameof(SqlServerDialect.Provider)
                && !string.IsNullOrEmpty((string?)p.GetValue(p.GetMethod!.IsStatic ? null : Dialect)))
            .OrderBy(p => p.Name, StringComparer.Ordinal);

    [GeneratedRegex(@"IN (@[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex DapperListExpansion();

    [GeneratedRegex("@[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex ParameterName();
}
