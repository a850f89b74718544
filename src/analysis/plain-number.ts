/**
 * Numbers written out without an exponent, for every text a reader sees
 * (reports, reasons): JavaScript's own `String` writes `1e-7` below 10⁻⁶ and
 * `1.2e+21` from 10²¹ on.
 */

/**
 * `abs` (finite, at least 0) rounded to `significant` digits and written in plain decimals, with no
 * exponent and no trailing zeros after the point: `plainDecimal(1.9e-6, 4)` → `0.0000019`,
 * `plainDecimal(1.2e21, 4)` → `1200000000000000000000`.
 */
export function plainDecimal(abs: number, significant: number): string {
  const [mantissa = '0', power = '0'] = abs.toExponential(significant - 1).split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(power);
  let text: string;
  if (e < 0) text = `0.${'0'.repeat(-e - 1)}${digits}`;
  else if (e >= digits.length - 1) text = digits + '0'.repeat(e - digits.length + 1);
  else text = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
