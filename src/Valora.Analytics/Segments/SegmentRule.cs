using System.Globalization;
using System.Text;

namespace Valora.Analytics.Segments;

/// <summary>The type of a field a segment rule may name.</summary>
public enum FieldType
{
    /// <summary>A number (measures, numeric scores).</summary>
    Number,

    /// <summary>A text (country, RFM segment, churn tier …); compared case-insensitively.</summary>
    Text,

    /// <summary>Several texts (tags): <c>= 'x'</c> means "has x", <c>in (…)</c> "has any of them".</summary>
    TextSet,

    /// <summary>true or false (consents).</summary>
    Boolean,
}

/// <summary>A rule that cannot be parsed or does not fit the fields: where (1-based character position) and why.</summary>
public sealed class SegmentRuleException(int position, string reason)
    : FormatException(string.Create(CultureInfo.InvariantCulture, $"At position {position}: {reason}"))
{
    /// <summary>1-based character position of the error in the rule.</summary>
    public int Position { get; } = position;

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; } = reason;
}

/// <summary>One customer's field values as a rule reads them; a missing field is null (no comparison holds on it).</summary>
public interface ISegmentRecord
{
    /// <summary>The number of a Number field (null: none).</summary>
    double? Number(string field);

    /// <summary>The text of a Text field (null: none).</summary>
    string? Text(string field);

    /// <summary>The texts of a TextSet field (empty: none).</summary>
    IReadOnlyCollection<string> Texts(string field);

    /// <summary>The value of a Boolean field (null: unknown).</summary>
    bool? Boolean(string field);
}

/// <summary>
/// A segment rule, parsed and checked against the known fields. The language:
/// <code>
/// rule       := or
/// or         := and ( "or" and )*
/// and        := not ( "and" not )*
/// not        := "not" not | "(" rule ")" | comparison
/// comparison := field op value | field ["not"] "in" "(" value ("," value)* ")" | field "is" ["not"] "null"
/// op         := "=" | "==" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
/// value      := number | 'text' | "text" | true | false
/// </code>
/// Keywords and field names are case-insensitive; text comparisons are case-insensitive (ordinal); a comparison on a
/// missing value is false (and its <c>!=</c> too: "unknown" is not "different"); <c>is null</c> tests for a missing value.
/// A TextSet is never unknown: a customer without tags has none of them (<c>tag != 'vip'</c> holds).
/// Numbers compare with numbers only (&lt; &gt; on texts is refused), a TextSet takes = != and in. Examples:
/// <c>monthly_avg_spend &gt; 5000</c>, <c>days_since_last_purchase &gt; 90 and clv &gt; 500</c>,
/// <c>rfm_segment in ('Champions', 'Loyal')</c>, <c>tag = 'vip' or not email_consent = false</c>.
/// </summary>
public sealed class SegmentRule
{
    readonly Node _root;

    SegmentRule(string text, Node root, IReadOnlyList<string> fields)
    {
        Text = text;
        _root = root;
        Fields = fields;
    }

    /// <summary>The rule as written.</summary>
    public string Text { get; }

    /// <summary>The fields the rule reads (lower case, first use first).</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Whether a record satisfies the rule.</summary>
    public bool Matches(ISegmentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _root.Eval(record);
    }

    /// <summary>Parses and checks a rule against the known fields and their types.</summary>
    /// <exception cref="SegmentRuleException">A syntax error, an unknown field or a value of the wrong type, with its position.</exception>
    public static SegmentRule Parse(string text, IReadOnlyDictionary<string, FieldType> fields)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fields);
        var parser = new Parser(text, Tokenize(text), fields);
        var root = parser.Rule();
        return new SegmentRule(text, root, parser.Used);
    }

    enum Kind { Name, Number, String, Symbol, LParen, RParen, Comma, End }

    readonly record struct Token(Kind Kind, string Text, int Position);

    static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new(Kind.Name, text[start..i], start + 1));
            }
            else if (char.IsDigit(c) || (c is '-' or '.' && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                i++;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] is '.' or 'e' or 'E' || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }
                var number = text[start..i];
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    throw new SegmentRuleException(start + 1, $"'{number}' is not a number (use '.' for decimals).");
                }
                tokens.Add(new(Kind.Number, number, start + 1));
            }
            else if (c is '\'' or '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new SegmentRuleException(start + 1, $"the text starting here is never closed (add a {c}).");
                    }
                    if (text[i] == c)
                    {
                        if (i + 1 < text.Length && text[i + 1] == c)
                        {
                            sb.Append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.Append(text[i++]);
                }
                tokens.Add(new(Kind.String, sb.ToString(), start + 1));
            }
            else if (c == '(' || c == ')' || c == ',')
            {
                tokens.Add(new(c == '(' ? Kind.LParen : c == ')' ? Kind.RParen : Kind.Comma, c.ToString(), start + 1));
                i++;
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                i++;
                if (i < text.Length && (text[i] == '=' || (c == '<' && text[i] == '>')))
                {
                    i++;
                }
                var symbol = text[start..i];
                if (symbol == "!")
                {
                    throw new SegmentRuleException(start + 1, "'!' alone is not an operator: use != or not.");
                }
                tokens.Add(new(Kind.Symbol, symbol, start + 1));
            }
            else
            {
                throw new SegmentRuleException(start + 1, $"unexpected character '{c}'.");
            }
        }
        tokens.Add(new(Kind.End, "", text.Length + 1));
        return tokens;
    }

    sealed class Parser(string text, List<Token> tokens, IReadOnlyDictionary<string, FieldType> fields)
    {
        int _at;
        readonly List<string> _used = [];
        readonly Dictionary<string, (string Name, FieldType Type)> _fields = fields.ToDictionary(kv => kv.Key.ToLowerInvariant(), kv => (kv.Key.ToLowerInvariant(), kv.Value), StringComparer.OrdinalIgnoreCase);

        public IReadOnlyList<string> Used => _used;

        Token Peek => tokens[_at];

        bool IsKeyword(string word) => Peek.Kind == Kind.Name && string.Equals(Peek.Text, word, StringComparison.OrdinalIgnoreCase);

        public Node Rule()
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new SegmentRuleException(1, "the rule is empty: write a condition such as orders_12m > 10.");
            }
            var node = Or();
            if (Peek.Kind != Kind.End)
            {
                throw new SegmentRuleException(Peek.Position, $"expected 'and', 'or' or the end of the rule, not '{Peek.Text}'.");
            }
            return node;
        }

        Node Or()
        {
            var left = And();
            while (IsKeyword("or"))
            {
                _at++;
                left = new OrNode(left, And());
            }
            return left;
        }

        Node And()
        {
            var left = Not();
            while (IsKeyword("and"))
            {
                _at++;
                left = new AndNode(left, Not());
            }
            return left;
        }

        Node Not()
        {
            if (IsKeyword("not"))
            {
                _at++;
                return new NotNode(Not());
            }
            if (Peek.Kind == Kind.LParen)
            {
                var open = Peek;
                _at++;
                var inner = Or();
                if (Peek.Kind != Kind.RParen)
                {
                    throw new SegmentRuleException(Peek.Position, $"expected ')' to close the '(' at position {open.Position}.");
                }
                _at++;
                return inner;
            }
            return Comparison();
        }

        Node Comparison()
        {
            var name = Peek;
            if (name.Kind != Kind.Name || IsKeyword("and") || IsKeyword("or") || IsKeyword("in") || IsKeyword("is"))
            {
                throw new SegmentRuleException(name.Position, name.Kind == Kind.End
                    ? "the rule ends where a condition was expected."
                    : $"expected a field name, not '{name.Text}'.");
            }
            if (!_fields.TryGetValue(name.Text, out var field))
            {
                var near = _fields.Keys.Where(k => k.Contains(name.Text, StringComparison.OrdinalIgnoreCase) || name.Text.Contains(k, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).Take(3).ToArray();
                throw new SegmentRuleException(name.Position, $"unknown field '{name.Text}'" + (near.Length > 0 ? $" (did you mean {string.Join(", ", near)}?)." : "."));
            }
            _at++;
            if (!_used.Contains(field.Name))
            {
                _used.Add(field.Name);
            }
            if (IsKeyword("is"))
            {
                _at++;
                var negate = false;
                if (IsKeyword("not"))
                {
                    negate = true;
                    _at++;
                }
                if (!IsKeyword("null"))
                {
                    throw new SegmentRuleException(Peek.Position, "expected null after 'is' (is null, is not null).");
                }
                _at++;
                Node isNull = new NullNode(field.Name, field.Type);
                return negate ? new NotNode(isNull) : isNull;
            }
            var notIn = false;
            if (IsKeyword("not"))
            {
                _at++;
                if (!IsKeyword("in"))
                {
                    throw new SegmentRuleException(Peek.Position, $"expected 'in' after '{name.Text} not'.");
                }
                notIn = true;
            }
            if (IsKeyword("in"))
            {
                _at++;
                if (Peek.Kind != Kind.LParen)
                {
                    throw new SegmentRuleException(Peek.Position, "expected '(' and a list of values after 'in'.");
                }
                _at++;
                var values = new List<object>();
                while (true)
                {
                    values.Add(Value(field, "in"));
                    if (Peek.Kind == Kind.Comma)
                    {
                        _at++;
                        continue;
                    }
                    if (Peek.Kind == Kind.RParen)
                    {
                        _at++;
                        break;
                    }
                    throw new SegmentRuleException(Peek.Position, "expected ',' or ')' in the list of values.");
                }
                Node node = new InNode(field.Name, field.Type, values);
                return notIn ? new NotPresentNode(field.Name, field.Type, node) : node;
            }
            if (Peek.Kind != Kind.Symbol)
            {
                throw new SegmentRuleException(Peek.Position, Peek.Kind == Kind.End
                    ? $"the rule ends after '{name.Text}': expected an operator (= != < <= > >= in is)."
                    : $"expected an operator (= != < <= > >= in is) after '{name.Text}', not '{Peek.Text}'.");
            }
            var op = Peek;
            _at++;
            var symbol = op.Text switch { "==" => "=", "<>" => "!=", var s => s };
            if (symbol is "<" or "<=" or ">" or ">=" && field.Type != FieldType.Number)
            {
                throw new SegmentRuleException(op.Position, $"'{field.Name}' is {Article(field.Type)}: '{op.Text}' compares numbers only (use = != or in).");
            }
            return new CompareNode(field.Name, field.Type, symbol, Value(field, op.Text));
        }

        object Value((string Name, FieldType Type) field, string after)
        {
            var token = Peek;
            _at++;
            switch (field.Type)
            {
                case FieldType.Number when token.Kind == Kind.Number:
                    return double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
                case FieldType.Text or FieldType.TextSet when token.Kind == Kind.String:
                    return token.Text;
                case FieldType.Boolean when token.Kind == Kind.Name && (token.Text.Equals("true", StringComparison.OrdinalIgnoreCase) || token.Text.Equals("false", StringComparison.OrdinalIgnoreCase)):
                    return token.Text.Equals("true", StringComparison.OrdinalIgnoreCase);
            }
            if (token.Kind == Kind.End)
            {
                throw new SegmentRuleException(token.Position, $"the rule ends after '{after}': expected {Expected(field.Type)}.");
            }
            throw new SegmentRuleException(token.Position, $"'{field.Name}' is {Article(field.Type)}: expected {Expected(field.Type)}, not {Describe(token)}.");
        }

        static string Describe(Token token) => token.Kind switch
        {
            Kind.String => $"the text '{token.Text}'",
            Kind.Number => $"the number {token.Text}",
            _ => $"'{token.Text}'",
        };

        static string Article(FieldType type) => type switch
        {
            FieldType.Number => "a number",
            FieldType.Text => "a text",
            FieldType.TextSet => "a set of texts (tags)",
            _ => "true or false",
        };

        static string Expected(FieldType type) => type switch
        {
            FieldType.Number => "a number such as 500",
            FieldType.Boolean => "true or false",
            _ => "a quoted text such as 'vip'",
        };
    }

    abstract class Node
    {
        public abstract bool Eval(ISegmentRecord r);
    }

    sealed class OrNode(Node a, Node b) : Node
    {
        public override bool Eval(ISegmentRecord r) => a.Eval(r) || b.Eval(r);
    }

    sealed class AndNode(Node a, Node b) : Node
    {
        public override bool Eval(ISegmentRecord r) => a.Eval(r) && b.Eval(r);
    }

    sealed class NotNode(Node inner) : Node
    {
        public override bool Eval(ISegmentRecord r) => !inner.Eval(r);
    }

    sealed class NullNode(string field, FieldType type) : Node
    {
        public override bool Eval(ISegmentRecord r) => type switch
        {
            FieldType.Number => r.Number(field) is null,
            FieldType.Boolean => r.Boolean(field) is null,
            FieldType.TextSet => r.Texts(field).Count == 0,
            _ => r.Text(field) is null,
        };
    }

    /// <summary>"not in": true when the value is present and in none of the values (a missing value is in no list, and not "not in" either).</summary>
    sealed class NotPresentNode(string field, FieldType type, Node inList) : Node
    {
        public override bool Eval(ISegmentRecord r) => !new NullNode(field, type).Eval(r) && !inList.Eval(r);
    }

    sealed class InNode(string field, FieldType type, List<object> values) : Node
    {
        public override bool Eval(ISegmentRecord r) => values.Any(v => new CompareNode(field, type, "=", v).Eval(r));
    }

    sealed class CompareNode(string field, FieldType type, string op, object value) : Node
    {
        public override bool Eval(ISegmentRecord r)
        {
            switch (type)
            {
                case FieldType.Number:
                {
                    if (r.Number(field) is not { } x)
                    {
                        return false;
                    }
                    var y = (double)value;
                    return op switch
                    {
                        "=" => x == y,
                        "!=" => x != y,
                        "<" => x < y,
                        "<=" => x <= y,
                        ">" => x > y,
                        _ => x >= y,
                    };
                }
                case FieldType.Boolean:
                    return r.Boolean(field) is { } b && (op == "=" ? b == (bool)value : b != (bool)value);
                case FieldType.TextSet:
                {
                    var set = r.Texts(field);
                    if (set.Count == 0)
                    {
                        return op == "!=";
                    }
                    var has = set.Any(t => string.Equals(t, (string)value, StringComparison.OrdinalIgnoreCase));
                    return op == "=" ? has : !has;
                }
                default:
                    return r.Text(field) is { } t && (op == "=") == string.Equals(t, (string)value, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
