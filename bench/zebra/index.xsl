<?xml version="1.0" encoding="UTF-8"?>
<!--
  MARCXML (MARC21 or UNIMARC/CNMARC, told apart by 245 vs 200) -> Zebra DOM index terms.
  Field choices follow Koha's biblio-koha-indexdefs.xml for both flavours, reduced to the indexes
  the comparison queries: title, author, subject, publisher, isbn, any, homebranch (item library:
  952$a / 905$a), pubyear (numeric), lang (008/35-37, 101$a), id (001).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:marc="http://www.loc.gov/MARC21/slim"
    xmlns:z="http://indexdata.com/zebra-2.0">
  <xsl:output method="xml" indent="no" encoding="UTF-8"/>
  <xsl:template match="text()"/>

  <xsl:template match="/">
    <xsl:apply-templates select="//marc:record"/>
  </xsl:template>

  <xsl:template match="marc:record">
    <xsl:variable name="unimarc" select="boolean(marc:datafield[@tag='200']) and not(marc:datafield[@tag='245'])"/>
    <z:record type="update">
      <z:index name="id:0"><xsl:value-of select="normalize-space(marc:controlfield[@tag='001'])"/></z:index>
      <xsl:choose>
        <xsl:when test="$unimarc">
          <xsl:for-each select="marc:datafield[@tag='200']/marc:subfield[@code='a' or @code='e' or @code='h' or @code='i']
                                | marc:datafield[@tag='225' or @tag='410' or @tag='461' or @tag='500' or @tag='510' or @tag='512' or @tag='517' or @tag='540']/marc:subfield[@code='a']">
            <z:index name="title:w title:p"><xsl:value-of select="."/></z:index>
          </xsl:for-each>
          <xsl:for-each select="marc:datafield[@tag='700' or @tag='701' or @tag='702' or @tag='710' or @tag='711' or @tag='712']/marc:subfield[@code='a' or @code='b']
                                | marc:datafield[@tag='200']/marc:subfield[@code='f' or @code='g']">
            <z:index name="author:w author:p"><xsl:value-of select="."/></z:index>
          </xsl:for-each>
          <xsl:for-each select="marc:datafield[@tag='210']/marc:subfield[@code='a' or @code='c']">
            <z:index name="publisher:w"><xsl:value-of select="."/></z:index>
          </xsl:for-each>
          <xsl:for-each select="marc:datafield[@tag='010']/marc:subfield[@code='a']">
            <z:index name="isbn:0"><xsl:value-of select="translate(normalize-space(.), '- ', '')"/></z:index>
          </xsl:for-each>
          <xsl:for-each select="marc:datafield[@tag='101']/marc:subfield[@code='a']">
            <z:index name="lang:0"><xsl:value-of select="normalize-space(.)"/></z:index>
          </xsl:for-each>
          <xsl:variable name="y210" select="substring(translate(marc:datafield[@tag='210']/marc:subfield[@code='d'], translate(marc:datafield[@tag='210']/marc:subfield[@code='d'], '0123456789', ''), ''), 1, 4)"/>
          <xsl:variable name="y100" select="substring(marc:datafield[@tag='100']/marc:subfield[@code='a'], 10, 4)"/>
          <xsl:choose>
            <xsl:when test="string-length($y210) = 4"><z:index name="pubyear:n"><xsl:value-of select="$y210"/></z:index></xsl:when>
            <xsl:when test="string-length(translate($y100, '0123456789', '')) = 0 and string-length($y100) = 4"><z:index name="pubyear:n"><xsl:value-of select="$y100"/></z:index></xsl:when>
          </xsl:choose>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="marc:datafield[@tag='245']/marc:subfield[@code='a' or @code='b' or @code='n' or @code='p']
                                | marc:datafield[@tag='246' or @tag='130' or @tag='240' or @tag='440' or @tag='490' or @tag='730' or @tag='740' or @tag='830']/marc:subfield[@code='a']">
            <z:index name="title:w title:p"><xsl:value-of select="."/></z:index>
          </xsl:for-each>
          <xsl:for-each select="marc:datafield[@tag='100' or @tag='110' or @tag='111' or @tag='700' or @tag='710' or @tag='711']/marc:subfield[@code='a' or @code='b' or @code='c' or @code='d']
                                | marc:datafield[@tag='245']/marc:subfield[@code='c']">
            <z:index name="author:w author:p"><xsl:value-of select="."/></z:index>
          </xsl:for-each>
          <xsl:for-each select="marc:datafield[@tag='260' or @tag='264']/marc:subfield[@code='a' or @code='b']">
            <z:index name="publisher:w"><xsl:value-of select="."/></z:index>
          </xsl:for-each>
          <xsl:for-each select="marc:datafield[@tag='020']/marc:subfield[@code='a']">
            <z:index name="isbn:0"><xsl:value-of select="translate(substring-before(concat(normalize-space(.), ' '), ' '), '-', '')"/></z:index>
          </xsl:for-each>
          <z:index name="lang:0"><xsl:value-of select="substring(marc:controlfield[@tag='008'], 36, 3)"/></z:index>
          <xsl:variable name="y008" select="substring(marc:controlfield[@tag='008'], 8, 4)"/>
          <xsl:variable name="c" select="(marc:datafield[@tag='260' or @tag='264']/marc:subfield[@code='c'])[1]"/>
          <xsl:variable name="y260" select="substring(translate($c, translate($c, '0123456789', ''), ''), 1, 4)"/>
          <xsl:choose>
            <xsl:when test="string-length($y008) = 4 and string-length(translate($y008, '0123456789', '')) = 0"><z:index name="pubyear:n"><xsl:value-of select="$y008"/></z:index></xsl:when>
            <xsl:when test="string-length($y260) = 4"><z:index name="pubyear:n"><xsl:value-of select="$y260"/></z:index></xsl:when>
          </xsl:choose>
        </xsl:otherwise>
      </xsl:choose>
      <!-- subjects: 6XX in both flavours -->
      <xsl:for-each select="marc:datafield[starts-with(@tag, '6') and @tag != '690' and @tag != '686']/marc:subfield[not(@code='2') and not(@code='3') and not(@code='9') and not(@code='0')]">
        <z:index name="subject:w subject:p"><xsl:value-of select="."/></z:index>
      </xsl:for-each>
      <!-- items: the holding library -->
      <xsl:for-each select="marc:datafield[@tag='952' or @tag='905']/marc:subfield[@code='a']">
        <z:index name="homebranch:0"><xsl:value-of select="normalize-space(.)"/></z:index>
      </xsl:for-each>
      <!-- any: every bibliographic data field (not items, not local 9XX) -->
      <xsl:for-each select="marc:datafield[@tag &lt; 900]/marc:subfield[not(@code='9') and not(@code='2') and not(@code='4')]">
        <z:index name="any:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>
    </z:record>
  </xsl:template>
</xsl:stylesheet>
