using Calculator;

namespace Calculator.Tests;

[TestClass]
public sealed class ArithmeticTests
{
    [TestMethod]
    public void Add_returns_the_sum() => Assert.AreEqual(5, Arithmetic.Add(2, 3));

    [TestMethod]
    public void Subtract_returns_the_difference() => Assert.AreEqual(-1, Arithmetic.Subtract(2, 3));

    [TestMethod]
    public void Multiply_returns_the_product() => Assert.AreEqual(6, Arithmetic.Multiply(2, 3));

    [TestMethod]
    public void Max_returns_the_larger_value() => Assert.AreEqual(3, Arithmetic.Max(2, 3));

    [TestMethod]
    public void Negate_flips_the_sign() => Assert.AreEqual(-4, Arithmetic.Negate(4));
}
