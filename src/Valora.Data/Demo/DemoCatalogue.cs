using System.Globalization;
using Valora.Data.Import.Records;

namespace Valora.Data.Demo;

/// <summary>
/// The product catalogue and how baskets are filled. Co-purchase structure is built in so association rules find it:
/// every product has a complement in a partner category (headphones → charging cable, French press → coffee beans),
/// and a basket's next item is that complement, or from the same category, more often than chance.
/// </summary>
internal sealed class DemoCatalogue
{
    /// <summary>Chance the next basket item is the complement of the previous one.</summary>
    public const double ComplementChance = 0.4;

    /// <summary>Chance (cumulative with the above) the next item is from the previous item's category.</summary>
    public const double SameCategoryChance = 0.25;

    internal sealed record Category(string Name, string Code, double MedianPrice, double Margin, string Partner, double Weight, string[] Nouns);

    static readonly Category[] Categories =
    [
        new("Books", "BOO", 7.5, 0.28, "Stationery", 1.4, ["Novel", "Cookbook", "Travel Guide", "Biography", "Atlas", "Poetry Collection", "Picture Book", "Thriller"]),
        new("Music", "MUS", 6.5, 0.35, "Electronics", 1.2, ["Jazz Album", "Rock Album", "Classical Box Set", "Vinyl Record", "Soundtrack", "Live Album"]),
        new("Electronics", "ELE", 19, 0.15, "Accessories", 0.7, ["Headphones", "Bluetooth Speaker", "E-Reader", "Action Camera", "Smart Watch", "Power Bank"]),
        new("Accessories", "ACC", 3.75, 0.55, "Electronics", 1.0, ["Charging Cable", "Phone Case", "Screen Protector", "Memory Card", "Carry Bag", "Travel Adapter"]),
        new("Stationery", "STA", 2.35, 0.50, "Books", 0.9, ["Notebook", "Pen Set", "Bookmark", "Planner", "Sticky Notes", "Highlighter"]),
        new("Coffee & Tea", "COF", 4.7, 0.40, "Kitchen", 1.1, ["Espresso Beans", "Green Tea", "Filter Coffee", "Herbal Tea", "Chai Blend", "Decaf Beans"]),
        new("Kitchen", "KIT", 9.4, 0.35, "Coffee & Tea", 0.7, ["French Press", "Mug", "Kettle", "Coffee Grinder", "Tea Infuser", "Travel Cup"]),
        new("Toys & Games", "TOY", 9, 0.38, "Books", 0.6, ["Board Game", "Puzzle", "Card Game", "Building Set", "Plush Toy", "Yo-Yo"]),
        new("Beauty", "BEA", 5.6, 0.55, "Beauty", 0.8, ["Hand Cream", "Lip Balm", "Shampoo", "Face Mask", "Soap Bar", "Body Lotion"]),
        new("Home", "HOM", 8, 0.42, "Kitchen", 0.6, ["Scented Candle", "Throw Pillow", "Picture Frame", "Plant Pot", "Blanket", "Doormat"]),
    ];

    static readonly string[] Adjectives = ["Classic", "Deluxe", "Essential", "Premium", "Compact", "Vintage", "Modern", "Eco", "Pocket", "Signature", "Family", "Studio"];

    readonly double[] _categoryCumulative;
    readonly double[][] _productCumulative;

    public DemoCatalogue(long seed, int productsPerCategory)
    {
        var rng = DemoRandom.For(seed, -1, 100);
        var perCategory = productsPerCategory;
        var count = Categories.Length * perCategory;
        Skus = new string[count];
        Names = new string[count];
        CategoryOf = new int[count];
        ListPrice = new double[count];
        UnitCost = new decimal[count];
        Complement = new int[count];
        _productCumulative = new double[Categories.Length][];
        _categoryCumulative = new double[Categories.Length];
        var total = 0.0;
        for (var c = 0; c < Categories.Length; c++)
        {
            var cat = Categories[c];
            total += cat.Weight;
            _categoryCumulative[c] = total;
            var cumulative = new double[perCategory];
            var sum = 0.0;
            for (var k = 0; k < perCategory; k++)
            {
                var id = c * perCategory + k;
                Skus[id] = string.Create(CultureInfo.InvariantCulture, $"{cat.Code}-{k + 1:D3}");
                var noun = cat.Nouns[k % cat.Nouns.Length];
                var adjective = Adjectives[(k / cat.Nouns.Length) % Adjectives.Length];
                var round = k / (cat.Nouns.Length * Adjectives.Length);
                Names[id] = round == 0 ? $"{adjective} {noun}" : string.Create(CultureInfo.InvariantCulture, $"{adjective} {noun} {round + 1}");
                CategoryOf[id] = c;
                // Prices end in .99; a log-normal spread around the category's median.
                var price = Math.Max(0.99, Math.Round(cat.MedianPrice * Math.Exp(0.4 * rng.Normal())) - 0.01);
                ListPrice[id] = price;
                var margin = Math.Clamp(cat.Margin + 0.05 * rng.Normal(), 0.05, 0.8);
                UnitCost[id] = decimal.Round((decimal)(price * (1 - margin)), 2);
                // Zipf-like popularity within the category (rank k + 1, exponent 0.9).
                sum += 1.0 / Math.Pow(k + 1, 0.9);
                cumulative[k] = sum;
            }
            _productCumulative[c] = cumulative;
        }
        for (var c = 0; c < Categories.Length; c++)
        {
            var partner = Array.FindIndex(Categories, x => x.Name == Categories[c].Partner);
            for (var k = 0; k < perCategory; k++)
            {
                // Complements pair products by rank: popular with popular, never the product itself.
                var other = partner == c ? (k + 1) % perCategory : (k + rng.NextInt(3)) % perCategory;
                Complement[c * perCategory + k] = partner * perCategory + other;
            }
        }
        PerCategory = perCategory;
    }

    public int PerCategory { get; }
    public string[] Skus { get; }
    public string[] Names { get; }
    public int[] CategoryOf { get; }
    public double[] ListPrice { get; }
    public decimal[] UnitCost { get; }
    public int[] Complement { get; }
    public int Count => Skus.Length;

    public IReadOnlyList<ProductRecord> ToRecords()
    {
        var list = new List<ProductRecord>(Count);
        for (var i = 0; i < Count; i++)
        {
            list.Add(new ProductRecord(Skus[i]) { Name = Names[i], Category = Categories[CategoryOf[i]].Name, UnitCost = UnitCost[i] });
        }
        return list;
    }

    public int PickCategory(DemoRandom rng) => rng.Pick(_categoryCumulative);

    public int PickProduct(DemoRandom rng, int category) => category * PerCategory + rng.Pick(_productCumulative[category]);

    /// <summary>The next item of a basket given the previous one.</summary>
    public int NextProduct(DemoRandom rng, int previous)
    {
        var u = rng.NextDouble();
        if (u < ComplementChance)
        {
            return Complement[previous];
        }
        return u < ComplementChance + SameCategoryChance
            ? PickProduct(rng, CategoryOf[previous])
            : PickProduct(rng, PickCategory(rng));
    }
}
