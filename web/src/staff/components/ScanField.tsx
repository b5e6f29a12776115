/**
 * The field a barcode scanner types into: always focused (it takes focus back after every scan and
 * whenever nothing else wants it), submits on Enter, and clears itself.
 */
import { Input, type InputRef } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState } from 'react';

export function ScanField({ placeholder, onScan, busy, testId }: { placeholder: string; onScan: (value: string) => void; busy?: boolean; testId?: string }) {
  const ref = useRef<InputRef>(null);
  const [value, setValue] = useState('');
  useEffect(() => {
    ref.current?.focus();
  }, [busy]);
  useEffect(() => {
    // A scan while focus is elsewhere (after clicking a button) still lands here.
    const refocus = () => {
      const active = document.activeElement as HTMLElement | null;
      if (!active || active === document.body) ref.current?.focus();
    };
    const h = setInterval(refocus, 500);
    return () => clearInterval(h);
  }, []);
  return (
    <Input
      ref={ref}
      className="ty-scan"
      size="large"
      prefix={<ScanOutlined />}
      placeholder={placeholder}
      value={value}
      disabled={busy}
      data-testid={testId ?? 'scan'}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => setValue(e.target.value)}
      onPressEnter={() => {
        const v = value.trim();
        setValue('');
        if (v) onScan(v);
      }}
    />
  );
}
