namespace TR069Acs.Provisioning.Conditions;

/// <summary>
/// Recursive descent over the condition grammar:
/// <code>
/// expr       := and ( 'or' and )*
/// and        := primary ( 'and' primary )*
/// primary    := '(' expr ')' | operand op operand
/// op         := eq | ne | lt | le | gt | ge | = | == | != | &lt; | &lt;= | &gt; | &gt;=
/// operand    := "quoted" | 'quoted' | word        (a word may hold balanced parentheses: 7.5.5(b))
/// </code>
/// Keywords are case-insensitive; <c>and</c> binds tighter than <c>or</c>.
/// </summary>
internal sealed class ConditionParser
{
    private const int MaxDepth = 32;

    private readonly string _text;
    private int _position;
    private int _depth;

    private ConditionParser(string text) => _text = text;

    public static ConditionNode Parse(string text)
    {
        var parser = new ConditionParser(text);
        parser.SkipSpace();
        if (parser._position == text.Length)
        {
            throw new ConditionSyntaxException("empty condition", 0);
        }

        var node = parser.ParseOr();
        parser.SkipSpace();
        if (parser._position < text.Length)
        {
            throw new ConditionSyntaxException(
                text[parser._position] == ')' ? "unbalanced ')'" : $"expected 'and', 'or' or the end, found '{parser.Peek()}'",
                parser._position);
        }

        return node;
    }

    private ConditionNode ParseOr()
    {
        var terms = new List<ConditionNode> { ParseAnd() };
        while (TryKeyword("or"))
        {
            terms.Add(ParseAnd());
        }

        return terms.Count == 1 ? terms[0] : new OrNode([.. terms]);
    }

    private ConditionNode ParseAnd()
    {
        var terms = new List<ConditionNode> { ParsePrimary() };
        while (TryKeyword("and"))
        {
            terms.Add(ParsePrimary());
        }

        return terms.Count == 1 ? terms[0] : new AndNode([.. terms]);
    }

    private ConditionNode ParsePrimary()
    {
        SkipSpace();
        if (_position < _text.Length && _text[_position] == '(')
        {
            var open = _position++;
            if (++_depth > MaxDepth)
            {
                throw new ConditionSyntaxException($"parentheses nested deeper than {MaxDepth}", open);
            }

            var inner = ParseOr();
            SkipSpace();
            if (_position >= _text.Length || _text[_position] != ')')
            {
                throw new ConditionSyntaxException($"missing ')' for the '(' at position {open}", _position);
            }

            _position++;
            _depth--;
            return inner;
        }

        var left = ReadOperand("a value");
        var op = ReadOperator();
        var right = ReadOperand($"a value after '{OperatorText(op)}'");
        return new ComparisonNode(left, op, right);
    }

    private Operand ReadOperand(string expected)
    {
        SkipSpace();
        if (_position >= _text.Length)
        {
            throw new ConditionSyntaxException($"expected {expected}, found the end", _position);
        }

        var c = _text[_position];
        if (c is '"' or '\'')
        {
            var close = _text.IndexOf(c, _position + 1);
            if (close < 0)
            {
                throw new ConditionSyntaxException("unterminated quoted string", _position);
            }

            var value = _text[(_position + 1)..close];
            _position = close + 1;
            return new Operand(value, Quoted: true);
        }

        if (c is ')' or '(' || IsOperatorStart(_position))
        {
            throw new ConditionSyntaxException($"expected {expected}, found '{c}'", _position);
        }

        var start = _position;
        var depth = 0;
        while (_position < _text.Length)
        {
            c = _text[_position];
            if (char.IsWhiteSpace(c) || c is '"' or '\'' || (depth == 0 && (c == ')' || IsOperatorStart(_position))))
            {
                break;
            }

            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            _position++;
        }

        if (depth != 0)
        {
            throw new ConditionSyntaxException("unbalanced '(' inside a value", start);
        }

        var word = _text[start.._position];
        if (IsKeyword(word))
        {
            throw new ConditionSyntaxException($"expected {expected}, found the keyword '{word}'", start);
        }

        return new Operand(word, Quoted: false);
    }

    private ComparisonOperator ReadOperator()
    {
        SkipSpace();
        var start = _position;
        if (_position >= _text.Length)
        {
            throw new ConditionSyntaxException("expected a comparison (eq ne lt le gt ge), found the end", _position);
        }

        ReadOnlySpan<char> rest = _text.AsSpan(_position);
        (ComparisonOperator op, int length)? symbol = rest switch
        {
            _ when rest.StartsWith("==") => (ComparisonOperator.Equal, 2),
            _ when rest.StartsWith("!=") => (ComparisonOperator.NotEqual, 2),
            _ when rest.StartsWith("<=") => (ComparisonOperator.LessOrEqual, 2),
            _ when rest.StartsWith(">=") => (ComparisonOperator.GreaterOrEqual, 2),
            _ when rest.StartsWith("=") => (ComparisonOperator.Equal, 1),
            _ when rest.StartsWith("<") => (ComparisonOperator.LessThan, 1),
            _ when rest.StartsWith(">") => (ComparisonOperator.GreaterThan, 1),
            _ => null,
        };
        if (symbol is var (symbolOp, length))
        {
            _position += length;
            return symbolOp;
        }

        var end = _position;
        while (end < _text.Length && char.IsAsciiLetter(_text[end]))
        {
            end++;
        }

        ComparisonOperator? word = _text.AsSpan(_position, end - _position) switch
        {
            var w when w.Equals("eq", StringComparison.OrdinalIgnoreCase) => ComparisonOperator.Equal,
            var w when w.Equals("ne", StringComparison.OrdinalIgnoreCase) => ComparisonOperator.NotEqual,
            var w when w.Equals("lt", StringComparison.OrdinalIgnoreCase) => ComparisonOperator.LessThan,
            var w when w.Equals("le", StringComparison.OrdinalIgnoreCase) => ComparisonOperator.LessOrEqual,
            var w when w.Equals("gt", StringComparison.OrdinalIgnoreCase) => ComparisonOperator.GreaterThan,
            var w when w.Equals("ge", StringComparison.OrdinalIgnoreCase) => ComparisonOperator.GreaterOrEqual,
            _ => null,
        };
        if (word is null || (end < _text.Length && !IsBoundary(end)))
        {
            throw new ConditionSyntaxException($"expected a comparison (eq ne lt le gt ge), found '{Peek()}'", start);
        }

        _position = end;
        return word.Value;
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        var end = _position + keyword.Length;
        if (end <= _text.Length
            && _text.AsSpan(_position, keyword.Length).Equals(keyword, StringComparison.OrdinalIgnoreCase)
            && (end == _text.Length || IsBoundary(end)))
        {
            _position = end;
            return true;
        }

        return false;
    }

    private bool IsBoundary(int index) => char.IsWhiteSpace(_text[index]) || _text[index] is '(' or ')' or '"' or '\'';

    private bool IsOperatorStart(int index)
    {
        var c = _text[index];
        return c is '<' or '>' or '=' || (c == '!' && index + 1 < _text.Length && _text[index + 1] == '=');
    }

    private static bool IsKeyword(string word) =>
        word.Equals("and", StringComparison.OrdinalIgnoreCase) || word.Equals("or", StringComparison.OrdinalIgnoreCase);

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private string Peek()
    {
        var end = _position;
        while (end < _text.Length && !char.IsWhiteSpace(_text[end]) && end - _position < 20)
        {
            end++;
        }

        return _text[_position..Math.Max(end, _position + 1)];
    }

    private static string OperatorText(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "eq",
        ComparisonOperator.NotEqual => "ne",
        ComparisonOperator.LessThan => "lt",
        ComparisonOperator.LessOrEqual => "le",
        ComparisonOperator.GreaterThan => "gt",
        _ => "ge",
    };
}
