/** A record's MARC, one field a line, with the field's name (MARC21 or CNMARC) in the current language. */
import { Tooltip } from 'antd';
import { marcLabel } from '../../shared/marc-labels';
import type { Marc } from '../../shared/types';

export function MarcView({ marc, flavour }: { marc: Marc; flavour: 'marc21' | 'cnmarc' }) {
  return (
    <table className="ty-marc" data-testid="marc-view">
      <tbody>
        <tr><td><Tooltip title={marcLabel(flavour, 'LDR')}>LDR</Tooltip></td><td /><td>{marc.leader}</td><td style={{ color: '#888' }}>{marcLabel(flavour, 'LDR')}</td></tr>
        {marc.fields.map((f, i) => (
          <tr key={i}>
            <td><strong>{f.tag}</strong></td>
            <td>{'subfields' in f ? `${f.ind1 || ' '}${f.ind2 || ' '}`.replace(/ /g, '#') : ''}</td>
            <td>
              {'subfields' in f
                ? f.subfields.map((s, j) => <span key={j}><span className="ty-sub">${s.code}</span>{s.value} </span>)
                : f.value}
            </td>
            <td style={{ color: '#888', whiteSpace: 'nowrap' }}>{marcLabel(flavour, f.tag)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
