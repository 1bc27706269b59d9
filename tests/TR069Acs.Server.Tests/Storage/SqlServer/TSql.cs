using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace TR069Acs.Server.Tests.Storage.SqlServer;

/// <summary>Microsoft's T-SQL parser (ScriptDom) at the SQL Server 2019 level, the oldest version the ACS supports: what
/// parses here is valid syntax there. It checks syntax only — names and types are checked by the tests that read the
/// parsed statements.</summary>
internal static class TSql
{
    /// <summary>Parses <paramref name="sql"/>; fails the test with every parse error (line, column, message).</summary>
    public static TSqlFragment Parse(string sql, string what)
    {
        var fragment = TryParse(sql, out var errors);
        Assert.True(errors.Count == 0,
            $"{what} does not parse as T-SQL (SQL Server 2019):\n"
            + string.Join("\n", errors.Select(e => $"  line {e.Line}, column {e.Column}: {e.Message}"))
            + $"\n--- statement ---\n{sql}");
        return fragment;
    }

    /// <summary>Parses <paramref name="sql"/> and returns the errors, if any.</summary>
    public static TSqlFragment TryParse(string sql, out IList<ParseError> errors)
    {
        var parser = new TSql150Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        return parser.Parse(reader, out errors);
    }

    /// <summary>The <c>@Name</c> parameters a statement expects from its caller: every variable it names, less those it
    /// declares itself and the parameter names of procedures it executes (<c>EXEC p @Resource = …</c>).</summary>
    public static IReadOnlySet<string> Parameters(TSqlFragment fragment)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fragment.ScriptTokenStream.Count; i++)
        {
            var token = fragment.ScriptTokenStream[i];
            if (token.TokenType == TSqlTokenType.Variable && !token.Text.StartsWith("@@", StringComparison.Ordinal))
            {
                names.Add(token.Text);
            }
        }
        var local = new LocalNames();
        fragment.Accept(local);
        names.ExceptWith(local.Names);
        return names;
    }

    private sealed class LocalNames : TSqlFragmentVisitor
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public override void Visit(DeclareVariableElement node) => Names.Add(node.VariableName.Value);

        public override void Visit(ExecuteParameter node)
        {
            if (node.Variable is not null)
            {
                Names.Add(node.Variable.Name);
            }
        }
    }
}
