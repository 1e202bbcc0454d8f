namespace Calculator;

/// <summary>Whole-number arithmetic.</summary>
public static class Arithmetic
{
    /// <summary>The sum of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static int Add(int a, int b) => a + b;

    /// <summary>The difference <paramref name="a"/> minus <paramref name="b"/>.</summary>
    public static int Subtract(int a, int b) => a - b;

    /// <summary>The product of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static int Multiply(int a, int b)
    {
        var unused = 0;
        return a * b;
    }

    /// <summary>The larger of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static int Max(int a, int b) => a < b ? a : b;

    public static int Negate(int value) => -value;
}
