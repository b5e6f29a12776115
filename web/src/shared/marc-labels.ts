/**
 * Field labels for the MARC view, in Chinese and English, for MARC21 and CNMARC (UNIMARC-based).
 * Data, not UI text: the language picks one of each pair.
 */
import i18n from 'i18next';

type Labels = Record<string, [string, string]>;

const MARC21: Labels = {
  LDR: ['头标', 'Leader'], '001': ['控制号', 'Control number'], '003': ['控制号标识', 'Control number identifier'], '005': ['最后处理时间', 'Date and time of latest transaction'],
  '007': ['载体形态固定长字段', 'Physical description fixed field'], '008': ['定长数据元素', 'Fixed-length data elements'],
  '010': ['美国国会图书馆控制号', 'LC control number'], '020': ['国际标准书号', 'ISBN'], '022': ['国际标准连续出版物号', 'ISSN'],
  '035': ['系统控制号', 'System control number'], '040': ['编目来源', 'Cataloging source'], '041': ['语种代码', 'Language code'],
  '050': ['美国国会图书馆分类号', 'LC call number'], '082': ['杜威十进分类号', 'Dewey decimal classification'], '084': ['其他分类号（中图法）', 'Other classification number'],
  '100': ['主要款目—个人名称', 'Main entry — personal name'], '110': ['主要款目—团体名称', 'Main entry — corporate name'],
  '130': ['主要款目—统一题名', 'Main entry — uniform title'], '240': ['统一题名', 'Uniform title'], '245': ['题名与责任说明', 'Title statement'],
  '246': ['其他题名', 'Varying form of title'], '250': ['版本说明', 'Edition statement'], '260': ['出版发行', 'Publication, distribution'],
  '264': ['出版、制作、发行', 'Production, publication, distribution'], '300': ['载体形态', 'Physical description'],
  '336': ['内容类型', 'Content type'], '337': ['媒介类型', 'Media type'], '338': ['载体类型', 'Carrier type'],
  '490': ['丛编说明', 'Series statement'], '500': ['一般附注', 'General note'], '504': ['书目附注', 'Bibliography note'],
  '505': ['内容附注', 'Formatted contents note'], '520': ['提要', 'Summary'], '546': ['语种附注', 'Language note'],
  '600': ['主题—个人名称', 'Subject — personal name'], '610': ['主题—团体名称', 'Subject — corporate name'], '650': ['主题—论题', 'Subject — topical term'],
  '651': ['主题—地理名称', 'Subject — geographic name'], '655': ['体裁/形式', 'Genre/form'], '700': ['附加款目—个人名称', 'Added entry — personal name'],
  '710': ['附加款目—团体名称', 'Added entry — corporate name'], '800': ['丛编附加款目—个人名称', 'Series added entry — personal name'],
  '830': ['丛编附加款目—统一题名', 'Series added entry — uniform title'], '852': ['馆藏地', 'Location'], '856': ['电子资源地址', 'Electronic location and access'],
  '880': ['交替字符表示', 'Alternate graphic representation'], '952': ['馆藏信息（Koha）', 'Holdings (Koha)'],
};

const CNMARC: Labels = {
  LDR: ['头标区', 'Record label'], '001': ['记录标识号', 'Record identifier'], '005': ['版本标识', 'Version identifier'],
  '010': ['国际标准书号', 'ISBN'], '011': ['国际标准连续出版物号', 'ISSN'], '091': ['统一书刊号', 'Unified book number'],
  '100': ['通用处理数据', 'General processing data'], '101': ['作品语种', 'Language of the item'], '102': ['出版或制作国别', 'Country of publication'],
  '105': ['编码数据字段：专著', 'Coded data: books'], '106': ['编码数据字段：文字资料形态特征', 'Coded data: form of item'],
  '200': ['题名与责任说明', 'Title and statement of responsibility'], '205': ['版本说明', 'Edition statement'], '210': ['出版发行', 'Publication, distribution'],
  '215': ['载体形态', 'Physical description'], '225': ['丛编', 'Series'], '300': ['一般性附注', 'General note'], '330': ['提要或文摘', 'Summary or abstract'],
  '333': ['使用对象附注', 'Users / intended audience note'], '410': ['丛编连接', 'Series link'], '510': ['并列题名', 'Parallel title'],
  '517': ['其他题名', 'Other variant titles'], '600': ['个人名称主题', 'Personal name used as subject'], '606': ['论题名称主题', 'Topical name used as subject'],
  '607': ['地理名称主题', 'Geographical name used as subject'], '690': ['中图法分类号', 'Chinese Library Classification'],
  '692': ['科图法分类号', 'CAS classification'], '701': ['个人名称—等同责任', 'Personal name — primary responsibility'],
  '702': ['个人名称—次要责任', 'Personal name — secondary responsibility'], '711': ['团体名称—等同责任', 'Corporate name — primary responsibility'],
  '801': ['记录来源', 'Originating source'], '905': ['馆藏信息', 'Holdings'], '999': ['本地数据（生成标记）', 'Local data (generated marker)'],
};

export function marcLabel(flavour: 'marc21' | 'cnmarc', tag: string): string {
  const pair = (flavour === 'cnmarc' ? CNMARC : MARC21)[tag];
  if (!pair) return '';
  return i18n.language === 'en' ? pair[1] : pair[0];
}
