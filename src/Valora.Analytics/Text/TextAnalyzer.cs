namespace Valora.Analytics.Text;

/// <summary>How a text is cut into features.</summary>
public enum TextAnalyzer
{
    /// <summary>
    /// Chosen from the training texts: <see cref="Characters"/> when at least 30 % of their letters are CJK ideographs,
    /// kana or hangul (scripts written without spaces between words), else <see cref="WordsAndCharacters"/>.
    /// </summary>
    Auto,

    /// <summary>Character n-grams only: no word segmenter is needed, so it suits Chinese and Japanese.</summary>
    Characters,

    /// <summary>Word n-grams (words split at spaces and punctuation) plus character n-grams: suits English and other spaced scripts.</summary>
    WordsAndCharacters,
}
