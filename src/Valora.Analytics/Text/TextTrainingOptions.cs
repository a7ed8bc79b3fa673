namespace Valora.Analytics.Text;

/// <summary>
/// How a <see cref="TextClassifier"/> is featurised and trained. Texts are lower-cased (digits, punctuation and
/// diacritics kept), cut into n-grams of 1 … the given length (characters, and for spaced scripts words), each
/// n-gram weighted TF-IDF with the document frequencies of the training texts, and each text's vector scaled to unit
/// L2 length. The learner is multinomial logistic regression (maximum entropy) fitted by SDCA with L2 regularisation.
/// The defaults reach the peer's accuracy on the shipped corpora (Chinese reviews, English airline messages) at a
/// fraction of its training time; see the text tests and <c>bench/text.sh</c>.
/// </summary>
public sealed record TextTrainingOptions
{
    /// <summary>Default longest character n-gram for <see cref="TextAnalyzer.Characters"/>.</summary>
    public const int DefaultCharacterNgramsCjk = 3;

    /// <summary>Default longest character n-gram for <see cref="TextAnalyzer.WordsAndCharacters"/>.</summary>
    public const int DefaultCharacterNgramsSpaced = 5;

    /// <summary>Default longest word n-gram.</summary>
    public const int DefaultWordNgrams = 2;

    /// <summary>How texts are cut into features.</summary>
    public TextAnalyzer Analyzer { get; init; } = TextAnalyzer.Auto;

    /// <summary>Longest character n-gram (1 … 6); null takes the analyzer's default.</summary>
    public int? CharacterNgrams { get; init; }

    /// <summary>Longest word n-gram (1 … 3), for <see cref="TextAnalyzer.WordsAndCharacters"/>.</summary>
    public int WordNgrams { get; init; } = DefaultWordNgrams;

    /// <summary>Strength of the L2 penalty on the weights (SDCA's λ, per row; &gt; 0).</summary>
    public double L2Regularization { get; init; } = 3e-6;

    /// <summary>Most passes of SDCA over the data.</summary>
    public int MaximumIterations { get; init; } = 30;

    /// <summary>Seed of the learner (and of the folds, where the caller uses it).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The longest character n-gram used with <paramref name="analyzer"/> (resolved, not <see cref="TextAnalyzer.Auto"/>).</summary>
    public int CharacterNgramsFor(TextAnalyzer analyzer) =>
        CharacterNgrams ?? (analyzer == TextAnalyzer.Characters ? DefaultCharacterNgramsCjk : DefaultCharacterNgramsSpaced);

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range (the message names it).</exception>
    public void Validate()
    {
        if (CharacterNgrams is < 1 or > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(CharacterNgrams), CharacterNgrams, "character n-grams must be 1 to 6 long.");
        }
        if (WordNgrams is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(WordNgrams), WordNgrams, "word n-grams must be 1 to 3 long.");
        }
        if (!(L2Regularization > 0) || double.IsInfinity(L2Regularization))
        {
            throw new ArgumentOutOfRangeException(nameof(L2Regularization), L2Regularization, "the L2 penalty must be a positive number.");
        }
        if (MaximumIterations is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumIterations), MaximumIterations, "iterations must be 1 to 1000.");
        }
    }

    /// <summary>
    /// The analyzer for these texts: <see cref="Analyzer"/> when given, else <see cref="TextAnalyzer.Characters"/> when at
    /// least 30 % of the letters are CJK ideographs, kana or hangul, else <see cref="TextAnalyzer.WordsAndCharacters"/>.
    /// </summary>
    public TextAnalyzer Resolve(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (Analyzer != TextAnalyzer.Auto) return Analyzer;
        long letters = 0, cjk = 0;
        foreach (var text in texts)
        {
            foreach (var c in text)
            {
                if (!char.IsLetter(c)) continue;
                letters++;
                if (IsUnspacedScript(c)) cjk++;
            }
        }
        return letters > 0 && cjk >= 0.3 * letters ? TextAnalyzer.Characters : TextAnalyzer.WordsAndCharacters;
    }

    /// <summary>CJK ideographs, kana and hangul: scripts written without spaces between words.</summary>
    static bool IsUnspacedScript(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF'
            or >= '\u3040' and <= '\u30FF' or >= '\uAC00' and <= '\uD7AF';
}
