import { useMemo } from 'react';
import { code128Bars } from './barcode';

/** A Code 128 barcode as plain SVG, with the code in text underneath for people and for pdftotext. */
export function Barcode({ value, height = 34, module = 1.3 }: { value: string; height?: number; module?: number }) {
  const b = useMemo(() => {
    try {
      return code128Bars(value);
    } catch {
      return null;
    }
  }, [value]);
  return (
    <span className="barcode">
      {b && (
        <svg
          role="img"
          aria-label={value}
          width={b.modules * module}
          height={height}
          viewBox={`0 0 ${b.modules} ${height}`}
          preserveAspectRatio="none"
          shapeRendering="crispEdges"
        >
          {b.bars.map(([x, w]) => (
            <rect key={x} x={x} y={0} width={w} height={height} fill="#000" />
          ))}
        </svg>
      )}
      <span className="barcode-text">{value}</span>
    </span>
  );
}
