using Valora.Analytics.Matching;

namespace Valora.Analytics.Tests.Matching;

public sealed class MatchNormalizerTests
{
    [Theory]
    [InlineData("  José  ÁLVAREZ-Núñez ", "jose alvarez nunez")]
    [InlineData("O'Brien,\tMary", "o brien mary")]
    [InlineData("  ", null)]
    [InlineData("--", null)]
    public void Name_RemovesAccentsCaseAndPunctuation(string raw, string? expected) => Assert.Equal(expected, MatchNormalizer.Name(raw));

    [Theory]
    [InlineData(" Ann.Lee+shop@GMAIL.com ", "annlee@gmail.com")]
    [InlineData("ann.lee@googlemail.com", "annlee@gmail.com")]
    [InlineData("Ann.Lee+news@Example.org", "ann.lee@example.org")]
    [InlineData("no-at-sign", null)]
    [InlineData("@example.org", null)]
    public void Email_LowersAndDropsSubAddressAndGmailDots(string raw, string? expected) => Assert.Equal(expected, MatchNormalizer.Email(raw));

    [Theory]
    [InlineData("+44 20 7946 0958", "079460958")]
    [InlineData("0044 (20) 7946-0958", "079460958")]
    [InlineData("020 7946 0958", "079460958")]
    [InlineData("123-45", null)]
    public void Phone_KeepsLastNineDigits(string raw, string? expected) => Assert.Equal(expected, MatchNormalizer.Phone(raw));

    [Theory]
    [InlineData("Robert", "R163")]
    [InlineData("Rupert", "R163")]
    [InlineData("Ashcraft", "A261")]
    [InlineData("Tymczak", "T522")]
    [InlineData("Pfister", "P236")]
    [InlineData("Lee", "L000")]
    public void Soundex_MatchesTheAmericanRules(string word, string expected) => Assert.Equal(expected, MatchNormalizer.Soundex(word));
}
