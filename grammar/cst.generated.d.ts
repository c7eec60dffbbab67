// Generated from grammar/yql.ts by grammar/cst-dts.ts (npm run grammar:dts); do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface SqlStmtCstNode extends CstNode {
  name: "sqlStmt";
  children: SqlStmtCstChildren;
}

export type SqlStmtCstChildren = {
  EXPLAIN?: IToken[];
  QUERY?: IToken[];
  PLAN?: IToken[];
  sqlStmtCore: SqlStmtCoreCstNode[];
};

export interface SqlStmtCoreCstNode extends CstNode {
  name: "sqlStmtCore";
  children: SqlStmtCoreCstChildren;
}

export type SqlStmtCoreCstChildren = {
  createBackupCollectionStmt?: CreateBackupCollectionStmtCstNode[];
  alterBackupCollectionStmt?: AlterBackupCollectionStmtCstNode[];
  dropBackupCollectionStmt?: DropBackupCollectionStmtCstNode[];
  backupStmt?: BackupStmtCstNode[];
  restoreStmt?: RestoreStmtCstNode[];
  createTableStmt?: CreateTableStmtCstNode[];
  alterTableStmt?: AlterTableStmtCstNode[];
  dropTableStmt?: DropTableStmtCstNode[];
  intoTableStmt?: IntoTableStmtCstNode[];
  updateStmt?: UpdateStmtCstNode[];
  deleteStmt?: DeleteStmtCstNode[];
  selectStmt?: SelectStmtCstNode[];
  useStmt?: UseStmtCstNode[];
  pragmaStmt?: PragmaStmtCstNode[];
  declareStmt?: DeclareStmtCstNode[];
};

export interface ObjectRefCstNode extends CstNode {
  name: "objectRef";
  children: ObjectRefCstChildren;
}

export type ObjectRefCstChildren = {
  cluster?: IToken[];
  DOT?: IToken[];
  name: IToken[];
};

export interface NameListCstNode extends CstNode {
  name: "nameList";
  children: NameListCstChildren;
}

export type NameListCstChildren = {
  LPAREN: IToken[];
  name: IToken[];
  COMMA?: IToken[];
  RPAREN: IToken[];
};

export interface TypeRefCstNode extends CstNode {
  name: "typeRef";
  children: TypeRefCstChildren;
}

export type TypeRefCstChildren = {
  name: IToken[];
  LPAREN?: IToken[];
  param?: IToken[];
  COMMA?: IToken[];
  RPAREN?: IToken[];
  LESS?: IToken[];
  inner?: TypeRefCstNode[];
  GREATER?: IToken[];
  QUESTION?: IToken[];
};

export interface BackupCollectionCstNode extends CstNode {
  name: "backupCollection";
  children: BackupCollectionCstChildren;
}

export type BackupCollectionCstChildren = {
  BACKUP: IToken[];
  COLLECTION: IToken[];
  objectRef: ObjectRefCstNode[];
};

export interface CreateBackupCollectionStmtCstNode extends CstNode {
  name: "createBackupCollectionStmt";
  children: CreateBackupCollectionStmtCstChildren;
}

export type CreateBackupCollectionStmtCstChildren = {
  CREATE: IToken[];
  backupCollection: BackupCollectionCstNode[];
  collectionEntries?: CollectionEntriesCstNode[];
  WITH: IToken[];
  LPAREN: IToken[];
  collectionSetting: (CollectionSettingCstNode)[];
  COMMA?: IToken[];
  trailingComma?: IToken[];
  RPAREN: IToken[];
};

export interface CollectionEntriesCstNode extends CstNode {
  name: "collectionEntries";
  children: CollectionEntriesCstChildren;
}

export type CollectionEntriesCstChildren = {
  DATABASE?: IToken[];
  LPAREN?: IToken[];
  TABLE?: IToken[];
  table?: IToken[];
  COMMA?: IToken[];
  RPAREN?: IToken[];
};

export interface CollectionSettingCstNode extends CstNode {
  name: "collectionSetting";
  children: CollectionSettingCstChildren;
}

export type CollectionSettingCstChildren = {
  key: IToken[];
  EQUALS: IToken[];
  value: ExprCstNode[];
};

export interface AlterBackupCollectionStmtCstNode extends CstNode {
  name: "alterBackupCollectionStmt";
  children: AlterBackupCollectionStmtCstChildren;
}

export type AlterBackupCollectionStmtCstChildren = {
  ALTER: IToken[];
  backupCollection: BackupCollectionCstNode[];
  alterCollectionAction?: AlterCollectionActionCstNode[];
  COMMA?: (IToken)[];
  alterCollectionEntry?: AlterCollectionEntryCstNode[];
};

export interface AlterCollectionActionCstNode extends CstNode {
  name: "alterCollectionAction";
  children: AlterCollectionActionCstChildren;
}

export type AlterCollectionActionCstChildren = {
  SET?: IToken[];
  LPAREN?: IToken[];
  collectionSetting?: CollectionSettingCstNode[];
  COMMA?: IToken[];
  RPAREN?: IToken[];
  RESET?: IToken[];
  keys?: NameListCstNode[];
};

export interface AlterCollectionEntryCstNode extends CstNode {
  name: "alterCollectionEntry";
  children: AlterCollectionEntryCstChildren;
}

export type AlterCollectionEntryCstChildren = {
  ADD?: IToken[];
  DROP?: IToken[];
  DATABASE?: IToken[];
  TABLE?: IToken[];
  table?: IToken[];
};

export interface DropBackupCollectionStmtCstNode extends CstNode {
  name: "dropBackupCollectionStmt";
  children: DropBackupCollectionStmtCstChildren;
}

export type DropBackupCollectionStmtCstChildren = {
  DROP: IToken[];
  backupCollection: BackupCollectionCstNode[];
};

export interface BackupStmtCstNode extends CstNode {
  name: "backupStmt";
  children: BackupStmtCstChildren;
}

export type BackupStmtCstChildren = {
  BACKUP: IToken[];
  objectRef: ObjectRefCstNode[];
  INCREMENTAL?: IToken[];
};

export interface RestoreStmtCstNode extends CstNode {
  name: "restoreStmt";
  children: RestoreStmtCstChildren;
}

export type RestoreStmtCstChildren = {
  RESTORE: IToken[];
  objectRef: ObjectRefCstNode[];
  AT?: IToken[];
  at?: IToken[];
};

export interface CreateTableStmtCstNode extends CstNode {
  name: "createTableStmt";
  children: CreateTableStmtCstChildren;
}

export type CreateTableStmtCstChildren = {
  CREATE: IToken[];
  TABLE: IToken[];
  IF?: IToken[];
  NOT?: IToken[];
  EXISTS?: IToken[];
  objectRef: ObjectRefCstNode[];
  LPAREN: IToken[];
  tableEntry: (TableEntryCstNode)[];
  COMMA?: IToken[];
  trailingComma?: IToken[];
  RPAREN: IToken[];
  WITH?: IToken[];
  tableSettings?: TableSettingsCstNode[];
};

export interface TableEntryCstNode extends CstNode {
  name: "tableEntry";
  children: TableEntryCstChildren;
}

export type TableEntryCstChildren = {
  PRIMARY?: IToken[];
  KEY?: IToken[];
  primaryKey?: NameListCstNode[];
  tableIndex?: TableIndexCstNode[];
  columnSchema?: ColumnSchemaCstNode[];
};

export interface ColumnSchemaCstNode extends CstNode {
  name: "columnSchema";
  children: ColumnSchemaCstChildren;
}

export type ColumnSchemaCstChildren = {
  name: IToken[];
  typeRef: TypeRefCstNode[];
  FAMILY?: IToken[];
  family?: IToken[];
  NOT?: IToken[];
  NULL?: IToken[];
  DEFAULT?: IToken[];
  default?: ExprCstNode[];
};

export interface TableIndexCstNode extends CstNode {
  name: "tableIndex";
  children: TableIndexCstChildren;
}

export type TableIndexCstChildren = {
  INDEX: IToken[];
  name: IToken[];
  GLOBAL: IToken[];
  UNIQUE?: IToken[];
  SYNC?: IToken[];
  ASYNC?: IToken[];
  ON: IToken[];
  columns: NameListCstNode[];
  COVER?: IToken[];
  cover?: NameListCstNode[];
};

export interface TableSettingsCstNode extends CstNode {
  name: "tableSettings";
  children: TableSettingsCstChildren;
}

export type TableSettingsCstChildren = {
  LPAREN: IToken[];
  tableSetting: TableSettingCstNode[];
  COMMA?: IToken[];
  RPAREN: IToken[];
};

export interface TableSettingCstNode extends CstNode {
  name: "tableSetting";
  children: TableSettingCstChildren;
}

export type TableSettingCstChildren = {
  key: IToken[];
  EQUALS: IToken[];
  value: ExprCstNode[];
  ON?: IToken[];
  column?: IToken[];
  AS?: IToken[];
  unit?: (IToken)[];
};

export interface DropTableStmtCstNode extends CstNode {
  name: "dropTableStmt";
  children: DropTableStmtCstChildren;
}

export type DropTableStmtCstChildren = {
  DROP: IToken[];
  TABLE: IToken[];
  IF?: IToken[];
  EXISTS?: IToken[];
  objectRef: ObjectRefCstNode[];
};

export interface AlterTableStmtCstNode extends CstNode {
  name: "alterTableStmt";
  children: AlterTableStmtCstChildren;
}

export type AlterTableStmtCstChildren = {
  ALTER: IToken[];
  TABLE: IToken[];
  objectRef: ObjectRefCstNode[];
  alterTableAction: AlterTableActionCstNode[];
  COMMA?: IToken[];
};

export interface AlterTableActionCstNode extends CstNode {
  name: "alterTableAction";
  children: AlterTableActionCstChildren;
}

export type AlterTableActionCstChildren = {
  addIndex?: IToken[];
  tableIndex?: TableIndexCstNode[];
  dropIndex?: IToken[];
  INDEX?: IToken[];
  index?: IToken[];
  addColumn?: IToken[];
  COLUMN?: (IToken)[];
  columnSchema?: ColumnSchemaCstNode[];
  dropColumn?: IToken[];
  column?: IToken[];
  SET?: IToken[];
  tableSettings?: TableSettingsCstNode[];
};

export interface IntoTableStmtCstNode extends CstNode {
  name: "intoTableStmt";
  children: IntoTableStmtCstChildren;
}

export type IntoTableStmtCstChildren = {
  mode?: (IToken)[];
  INTO: IToken[];
  objectRef: ObjectRefCstNode[];
  columns?: NameListCstNode[];
  valuesSource: ValuesSourceCstNode[];
};

export interface ValuesSourceCstNode extends CstNode {
  name: "valuesSource";
  children: ValuesSourceCstChildren;
}

export type ValuesSourceCstChildren = {
  VALUES?: IToken[];
  valuesRow?: ValuesRowCstNode[];
  COMMA?: IToken[];
  selectStmt?: SelectStmtCstNode[];
};

export interface ValuesRowCstNode extends CstNode {
  name: "valuesRow";
  children: ValuesRowCstChildren;
}

export type ValuesRowCstChildren = {
  LPAREN: IToken[];
  expr: ExprCstNode[];
  COMMA?: IToken[];
  RPAREN: IToken[];
};

export interface UpdateStmtCstNode extends CstNode {
  name: "updateStmt";
  children: UpdateStmtCstChildren;
}

export type UpdateStmtCstChildren = {
  UPDATE: IToken[];
  objectRef: ObjectRefCstNode[];
  SET?: IToken[];
  setClause?: SetClauseCstNode[];
  COMMA?: IToken[];
  WHERE?: IToken[];
  where?: ExprCstNode[];
  onSource?: OnSourceCstNode[];
};

export interface SetClauseCstNode extends CstNode {
  name: "setClause";
  children: SetClauseCstChildren;
}

export type SetClauseCstChildren = {
  column: IToken[];
  EQUALS: IToken[];
  expr: ExprCstNode[];
};

export interface OnSourceCstNode extends CstNode {
  name: "onSource";
  children: OnSourceCstChildren;
}

export type OnSourceCstChildren = {
  ON: IToken[];
  columns?: NameListCstNode[];
  valuesSource: ValuesSourceCstNode[];
};

export interface DeleteStmtCstNode extends CstNode {
  name: "deleteStmt";
  children: DeleteStmtCstChildren;
}

export type DeleteStmtCstChildren = {
  DELETE: IToken[];
  FROM: IToken[];
  objectRef: ObjectRefCstNode[];
  WHERE?: IToken[];
  where?: ExprCstNode[];
  onSource?: OnSourceCstNode[];
};

export interface SelectStmtCstNode extends CstNode {
  name: "selectStmt";
  children: SelectStmtCstChildren;
}

export type SelectStmtCstChildren = {
  SELECT: IToken[];
  DISTINCT?: IToken[];
  resultColumn: ResultColumnCstNode[];
  COMMA?: (IToken)[];
  FROM?: IToken[];
  tableSource?: TableSourceCstNode[];
  joinClause?: JoinClauseCstNode[];
  WHERE?: IToken[];
  where?: ExprCstNode[];
  GROUP?: IToken[];
  BY?: (IToken)[];
  groupBy?: ExprCstNode[];
  HAVING?: IToken[];
  having?: ExprCstNode[];
  ORDER?: IToken[];
  orderItem?: OrderItemCstNode[];
  LIMIT?: IToken[];
  limit?: ExprCstNode[];
  OFFSET?: IToken[];
  limitComma?: IToken[];
  offset?: ExprCstNode[];
};

export interface ResultColumnCstNode extends CstNode {
  name: "resultColumn";
  children: ResultColumnCstChildren;
}

export type ResultColumnCstChildren = {
  ASTERISK?: IToken[];
  expr?: ExprCstNode[];
  AS?: IToken[];
  alias?: (IToken)[];
};

export interface TableSourceCstNode extends CstNode {
  name: "tableSource";
  children: TableSourceCstChildren;
}

export type TableSourceCstChildren = {
  objectRef: ObjectRefCstNode[];
  VIEW?: IToken[];
  view?: IToken[];
  AS?: IToken[];
  alias?: (IToken)[];
};

export interface JoinClauseCstNode extends CstNode {
  name: "joinClause";
  children: JoinClauseCstChildren;
}

export type JoinClauseCstChildren = {
  LEFT?: IToken[];
  OUTER?: IToken[];
  INNER?: IToken[];
  JOIN: IToken[];
  tableSource: TableSourceCstNode[];
  ON: IToken[];
  expr: ExprCstNode[];
};

export interface OrderItemCstNode extends CstNode {
  name: "orderItem";
  children: OrderItemCstChildren;
}

export type OrderItemCstChildren = {
  expr: ExprCstNode[];
  ASC?: IToken[];
  DESC?: IToken[];
};

export interface UseStmtCstNode extends CstNode {
  name: "useStmt";
  children: UseStmtCstChildren;
}

export type UseStmtCstChildren = {
  USE: IToken[];
  cluster: IToken[];
};

export interface PragmaStmtCstNode extends CstNode {
  name: "pragmaStmt";
  children: PragmaStmtCstChildren;
}

export type PragmaStmtCstChildren = {
  PRAGMA: IToken[];
  name: (IToken)[];
  DOT?: IToken[];
  EQUALS?: IToken[];
  value?: (ExprCstNode)[];
  LPAREN?: IToken[];
  COMMA?: IToken[];
  RPAREN?: IToken[];
};

export interface DeclareStmtCstNode extends CstNode {
  name: "declareStmt";
  children: DeclareStmtCstChildren;
}

export type DeclareStmtCstChildren = {
  DECLARE: IToken[];
  PARAM: IToken[];
  AS: IToken[];
  typeRef: TypeRefCstNode[];
};

export interface ExprCstNode extends CstNode {
  name: "expr";
  children: ExprCstChildren;
}

export type ExprCstChildren = {
  prefix?: (PrefixOpCstNode)[];
  operand: (AtomCstNode)[];
  op?: (IToken)[];
  shiftRight?: IToken[];
  suffix?: PredicateSuffixCstNode[];
};

export interface PrefixOpCstNode extends CstNode {
  name: "prefixOp";
  children: PrefixOpCstChildren;
}

export type PrefixOpCstChildren = {
  NOT?: IToken[];
  MINUS?: IToken[];
  PLUS?: IToken[];
  TILDA?: IToken[];
};

export interface ArithPrefixOpCstNode extends CstNode {
  name: "arithPrefixOp";
  children: ArithPrefixOpCstChildren;
}

export type ArithPrefixOpCstChildren = {
  MINUS?: IToken[];
  PLUS?: IToken[];
  TILDA?: IToken[];
};

export interface PredicateSuffixCstNode extends CstNode {
  name: "predicateSuffix";
  children: PredicateSuffixCstChildren;
}

export type PredicateSuffixCstChildren = {
  op?: IToken[];
  right?: BitExprCstNode[];
  IS?: IToken[];
  NOT?: (IToken)[];
  NULL?: IToken[];
  IN?: IToken[];
  LPAREN?: IToken[];
  list?: ExprCstNode[];
  COMMA?: IToken[];
  RPAREN?: IToken[];
  BETWEEN?: IToken[];
  low?: BitExprCstNode[];
  AND?: IToken[];
  high?: BitExprCstNode[];
  LIKE?: IToken[];
  pattern?: BitExprCstNode[];
  ESCAPE?: IToken[];
  escape?: BitExprCstNode[];
};

export interface BitExprCstNode extends CstNode {
  name: "bitExpr";
  children: BitExprCstChildren;
}

export type BitExprCstChildren = {
  prefix?: (ArithPrefixOpCstNode)[];
  operand: (AtomCstNode)[];
  op?: (IToken)[];
  shiftRight?: IToken[];
};

export interface AtomCstNode extends CstNode {
  name: "atom";
  children: AtomCstChildren;
}

export type AtomCstChildren = {
  literal?: (IToken)[];
  PARAM?: IToken[];
  CAST?: IToken[];
  LPAREN?: IToken[];
  expr?: (ExprCstNode)[];
  AS?: IToken[];
  typeRef?: TypeRefCstNode[];
  RPAREN?: (IToken)[];
  paren?: IToken[];
  id?: IToken[];
  NAMESPACE?: IToken[];
  member?: IToken[];
  callArgs?: CallArgsCstNode[];
  DOT?: IToken[];
  column?: IToken[];
  star?: IToken[];
};

export interface CallArgsCstNode extends CstNode {
  name: "callArgs";
  children: CallArgsCstChildren;
}

export type CallArgsCstChildren = {
  LPAREN: IToken[];
  ASTERISK?: IToken[];
  DISTINCT?: IToken[];
  arg?: ExprCstNode[];
  COMMA?: IToken[];
  RPAREN: IToken[];
};

export interface YqlCstVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  sqlStmt(children: SqlStmtCstChildren, param?: IN): OUT;
  sqlStmtCore(children: SqlStmtCoreCstChildren, param?: IN): OUT;
  objectRef(children: ObjectRefCstChildren, param?: IN): OUT;
  nameList(children: NameListCstChildren, param?: IN): OUT;
  typeRef(children: TypeRefCstChildren, param?: IN): OUT;
  backupCollection(children: BackupCollectionCstChildren, param?: IN): OUT;
  createBackupCollectionStmt(children: CreateBackupCollectionStmtCstChildren, param?: IN): OUT;
  collectionEntries(children: CollectionEntriesCstChildren, param?: IN): OUT;
  collectionSetting(children: CollectionSettingCstChildren, param?: IN): OUT;
  alterBackupCollectionStmt(children: AlterBackupCollectionStmtCstChildren, param?: IN): OUT;
  alterCollectionAction(children: AlterCollectionActionCstChildren, param?: IN): OUT;
  alterCollectionEntry(children: AlterCollectionEntryCstChildren, param?: IN): OUT;
  dropBackupCollectionStmt(children: DropBackupCollectionStmtCstChildren, param?: IN): OUT;
  backupStmt(children: BackupStmtCstChildren, param?: IN): OUT;
  restoreStmt(children: RestoreStmtCstChildren, param?: IN): OUT;
  createTableStmt(children: CreateTableStmtCstChildren, param?: IN): OUT;
  tableEntry(children: TableEntryCstChildren, param?: IN): OUT;
  columnSchema(children: ColumnSchemaCstChildren, param?: IN): OUT;
  tableIndex(children: TableIndexCstChildren, param?: IN): OUT;
  tableSettings(children: TableSettingsCstChildren, param?: IN): OUT;
  tableSetting(children: TableSettingCstChildren, param?: IN): OUT;
  dropTableStmt(children: DropTableStmtCstChildren, param?: IN): OUT;
  alterTableStmt(children: AlterTableStmtCstChildren, param?: IN): OUT;
  alterTableAction(children: AlterTableActionCstChildren, param?: IN): OUT;
  intoTableStmt(children: IntoTableStmtCstChildren, param?: IN): OUT;
  valuesSource(children: ValuesSourceCstChildren, param?: IN): OUT;
  valuesRow(children: ValuesRowCstChildren, param?: IN): OUT;
  updateStmt(children: UpdateStmtCstChildren, param?: IN): OUT;
  setClause(children: SetClauseCstChildren, param?: IN): OUT;
  onSource(children: OnSourceCstChildren, param?: IN): OUT;
  deleteStmt(children: DeleteStmtCstChildren, param?: IN): OUT;
  selectStmt(children: SelectStmtCstChildren, param?: IN): OUT;
  resultColumn(children: ResultColumnCstChildren, param?: IN): OUT;
  tableSource(children: TableSourceCstChildren, param?: IN): OUT;
  joinClause(children: JoinClauseCstChildren, param?: IN): OUT;
  orderItem(children: OrderItemCstChildren, param?: IN): OUT;
  useStmt(children: UseStmtCstChildren, param?: IN): OUT;
  pragmaStmt(children: PragmaStmtCstChildren, param?: IN): OUT;
  declareStmt(children: DeclareStmtCstChildren, param?: IN): OUT;
  expr(children: ExprCstChildren, param?: IN): OUT;
  prefixOp(children: PrefixOpCstChildren, param?: IN): OUT;
  arithPrefixOp(children: ArithPrefixOpCstChildren, param?: IN): OUT;
  predicateSuffix(children: PredicateSuffixCstChildren, param?: IN): OUT;
  bitExpr(children: BitExprCstChildren, param?: IN): OUT;
  atom(children: AtomCstChildren, param?: IN): OUT;
  callArgs(children: CallArgsCstChildren, param?: IN): OUT;
}
